import pytest
from pydantic import ValidationError

from tinnhiem.model import DetectorRun, Evidence, Finding, finding_fingerprint
from tinnhiem.scoring.components import Context, score_component
from tinnhiem.scoring.methodology import Component

SENTIMENT = dict(
    id="sentiment", title_vi="Cảm xúc", title_en="Sentiment", primitive="rate", points=9, population="comments",
    detectors=["comment_sentiment"], exclude=["comment_spam", "comment_pod"], severity_weights={"minor": 1.0},
    prior={"mean": 0.1, "strength": 40}, tolerance=0.15, saturation=0.5, min_population=30,
)


def comp(**kw) -> Component:
    return Component.model_validate(kw)


def f(detector, subject, severity="minor", kind="comment", confidence=1.0, data=None, start=0):
    return Finding(detector=detector, version="1", subject=subject, subject_kind=kind, message="m",
                   severity=severity, confidence=confidence, data=data or {},
                   evidence=(Evidence("comment", "q", start, start + 1, "h"),))


def ctx(findings, examined=100, audience=None, **extra_runs):
    runs = {"comment_sentiment": DetectorRun("comment_sentiment", "1", "comment", examined=examined)}
    runs.update({d: DetectorRun(d, "1", "creator", examined=n) for d, n in extra_runs.items()})
    return Context(findings=findings, by_run=runs, audience=audience)


def test_spam_and_pod_comments_leave_the_population_before_sentiment_is_counted():
    spam = [f("comment_spam", f"c:{i}", "info") for i in range(40)]
    pod = [f("comment_pod", f"c:{i}", "major") for i in range(40, 50)]
    negative_spam = [f("comment_sentiment", f"c:{i}") for i in range(0, 45)]  # bots complaining
    negative_real = [f("comment_sentiment", f"c:{i}") for i in range(50, 56)]
    r = score_component(comp(**SENTIMENT), ctx(spam + pod + negative_spam + negative_real))
    assert r.conclusive
    assert r.stats["population"] == 50 and r.stats["excluded"] == 50
    assert r.stats["weighted_hits"] == 6
    assert r.points == pytest.approx(9)  # 6 of 50 genuine, shrunk to 0.11: under the normal 15%
    assert r.stats["rate_interval"][0] <= r.stats["rate"] <= r.stats["rate_interval"][1]


def test_a_creator_level_finding_excludes_only_the_comments_it_lists():
    bare = score_component(comp(**SENTIMENT), ctx([f("comment_pod", "inf-1", "major", kind="influencer")]))
    assert bare.stats["population"] == 100 and bare.stats["excluded"] == 0
    listed = f("comment_pod", "inf-1", "major", kind="influencer", data={"comments": ["c:1", "c:2", "c:3"]})
    negative = [f("comment_sentiment", f"c:{i}") for i in range(1, 5)]
    r = score_component(comp(**SENTIMENT), ctx([listed, *negative]))
    assert r.stats["population"] == 97 and r.stats["excluded"] == 3 and r.stats["weighted_hits"] == 1


def test_too_few_genuine_comments_is_inconclusive_not_a_penalty():
    spam = [f("comment_spam", f"c:{i}", "info") for i in range(15)]
    angry = [f("comment_sentiment", f"c:{i}") for i in range(15, 35)]  # 20 of 25 genuine: thin, not proof
    r = score_component(comp(**SENTIMENT), ctx(spam + angry, examined=40))
    assert not r.conclusive and r.points == 0 and r.deductions == ()
    assert "25" in r.stats["inconclusive_vi"] and r.stats["population"] == 25


def test_only_the_excess_over_the_normal_share_costs_points():
    angry = [f("comment_sentiment", f"c:{i}") for i in range(120)]
    r = score_component(comp(**SENTIMENT), ctx(angry, examined=400))
    rate = (120 + 4) / 440
    assert r.points == pytest.approx(9 * (1 - (rate - 0.15) / 0.35))
    (d,) = r.deductions
    assert d.detector == "comment_sentiment" and len(d.finding_ids) == 120
    assert r.stats["points_low"] < r.points < r.stats["points_high"]


def test_detector_weights_make_a_cue_cost_less_than_proof():
    base = dict(id="lawful", title_vi="t", title_en="t", primitive="rate", points=15, population="posts",
                detectors=["fake_urgency", "absolute_superlative"], severity_weights={"major": 0.6},
                prior={"mean": 0.04, "strength": 10}, saturation=0.3)
    weighted = comp(**base, detector_weights={"fake_urgency": 0.25})
    runs = Context([], {"absolute_superlative": DetectorRun("absolute_superlative", "1", "post", examined=20)})
    urgency = [f("fake_urgency", f"p:{i}", "major", kind="post") for i in range(3)]
    superl = [f("absolute_superlative", f"p:{i}", "major", kind="post") for i in range(3)]
    cue = score_component(weighted, Context(urgency, runs.by_run))
    proof = score_component(weighted, Context(superl, runs.by_run))
    unweighted = score_component(comp(**base), Context(urgency, runs.by_run))
    assert proof.points < cue.points < 15
    assert unweighted.points == pytest.approx(proof.points)


COMPLAINTS = dict(id="complaints", title_vi="Khiếu nại", title_en="Complaints", primitive="per_audience", points=7,
                  detectors=["complaint_record"], audience_unit=100_000, severity_weights={"major": 1.0},
                  prior={"mean": 0.05, "strength": 2}, tolerance=0.1, saturation=1.0)


def test_substantiated_complaints_are_weighed_by_audience_size():
    three = [f("complaint_record", "inf", "major", kind="influencer", start=i) for i in range(3)]
    small = score_component(comp(**COMPLAINTS), ctx(three, audience=5_000))
    huge = score_component(comp(**COMPLAINTS), ctx(three, audience=1_000_000))
    assert small.points < huge.points < 7
    assert small.stats["rate_per_unit"] > huge.stats["rate_per_unit"]
    (d,) = small.deductions
    assert d.detector == "complaint_record" and set(d.finding_ids) == {finding_fingerprint(x) for x in three}
    assert "5,000" in d.reason_vi


@pytest.mark.parametrize("audience", [None, 0, 800, 3_000_000])
def test_no_complaints_cost_nothing_whatever_the_audience(audience):
    r = score_component(comp(**COMPLAINTS), ctx([], audience=audience))
    assert r.points == pytest.approx(7) and r.deductions == ()


FAKE = dict(id="fake", title_vi="Người theo dõi ảo", title_en="Fake followers", primitive="estimate", points=8,
            detectors=["audience_authenticity"], tolerance=0.15, saturation=0.5, max_interval_width=0.5)


def estimate(share, lo, hi):
    return f("audience_authenticity", "inf", "major", kind="influencer",
             data={"share": share, "ci95": [lo, hi], "n": 40})


@pytest.mark.parametrize("share,lo,hi,expected", [
    (0.7, 0.55, 0.85, 0.0),
    (0.325, 0.26, 0.4, 4.0),
    (0.1, 0.02, 0.3, 8.0),
])
def test_fake_follower_share_costs_points_beyond_the_normal_share(share, lo, hi, expected):
    r = score_component(comp(**FAKE), ctx([estimate(share, lo, hi)]))
    assert r.conclusive and r.points == pytest.approx(expected)
    assert r.stats["points_low"] <= r.points <= r.stats["points_high"]
    assert r.stats["share_interval"] == [lo, hi]


def test_no_estimate_finding_means_below_the_detector_threshold():
    r = score_component(comp(**FAKE), ctx([]))
    assert r.conclusive and r.points == 8 and r.stats["estimate"] == "below_threshold"


def test_an_interval_too_wide_is_inconclusive():
    r = score_component(comp(**FAKE), ctx([estimate(0.5, 0.2, 0.8)]))
    assert not r.conclusive and "quá rộng" in r.stats["inconclusive_vi"]


ENGAGEMENT = dict(id="engagement", title_vi="Tương tác thật", title_en="Real engagement", primitive="per_finding",
                  points=4, detectors=["engagement_anomaly", "comment_pod"],
                  points_per_finding={"minor": 1, "major": 2.5, "critical": 4}, weigh_by_confidence=True)


def test_statistical_findings_cost_points_in_proportion_to_their_confidence():
    sure = score_component(comp(**ENGAGEMENT), ctx([f("engagement_anomaly", "inf", "major", "influencer", 1.0)]))
    unsure = score_component(comp(**ENGAGEMENT), ctx([f("engagement_anomaly", "inf", "major", "influencer", 0.4)]))
    assert 4 - sure.points == pytest.approx(2.5)
    assert 4 - unsure.points == pytest.approx(1.0)


@pytest.mark.parametrize("change,message", [
    ({"detector_weights": {"fake_urgency": 0.5}}, "unread"),
    ({"tolerance": 0.6}, "exceed tolerance"),
    ({"min_population": -1}, "greater than or equal"),
])
def test_invalid_rate_parameters_are_rejected(change, message):
    with pytest.raises(ValidationError, match=message):
        comp(**{**SENTIMENT, **change})


@pytest.mark.parametrize("data,message", [
    ({**FAKE, "detectors": ["audience_authenticity", "follower_spike"]}, "exactly one"),
    ({k: v for k, v in FAKE.items() if k != "max_interval_width"}, "max_interval_width"),
    ({k: v for k, v in COMPLAINTS.items() if k != "audience_unit"}, "audience_unit"),
])
def test_new_primitives_need_their_parameters(data, message):
    with pytest.raises(ValidationError, match=message):
        comp(**data)
