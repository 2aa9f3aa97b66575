import pytest

from tinnhiem.model import DetectorRun, Evidence, Finding, finding_fingerprint
from tinnhiem.scoring import methodology
from tinnhiem.scoring.score import score_creator

METH, DIGEST = methodology.load("2026.1")
POST_DETECTORS = ["commercial_content", "ad_disclosure", "undisclosed_ad", "absolute_superlative",
                  "health_cure_claim", "equivalence_claim", "missing_supplement_disclaimer", "banned_product"]


def runs(posts=20, comments=200, accounts=1):
    out = [DetectorRun(d, "1", "post", examined=posts) for d in POST_DETECTORS]
    out.append(DetectorRun("complaint_phrase", "1", "comment", examined=comments))
    out.append(DetectorRun("follower_spike", "1", "creator", examined=accounts))
    out.append(DetectorRun("complaint_record", "1", "creator", examined=1))
    return out


def finding(detector, subject, severity="major", kind="post", start=0):
    return Finding(detector=detector, version="1", subject=subject, subject_kind=kind, message="m",
                   severity=severity, evidence=(Evidence("caption", "q", start, start + 1, "h"),))


def test_clean_creator_with_plenty_of_data_scores_high_and_is_eligible():
    card = score_creator(METH, DIGEST, [], runs())
    assert card.complete and card.eligible
    assert card.total > 95 and card.tier == "A"
    assert card.total_low <= card.total <= card.total_high


def test_few_posts_are_shrunk_not_perfect():
    few = score_creator(METH, DIGEST, [], runs(posts=3, comments=20))
    many = score_creator(METH, DIGEST, [], runs(posts=60, comments=2000))
    assert few.total < many.total < 100
    shrink = [d for c in few.criteria for d in c.deductions if d.detector is None]
    assert shrink and all("tham chiếu" in d.reason_vi for d in shrink)


def test_one_bad_post_of_one_is_not_zero():
    card = score_creator(METH, DIGEST, [finding("absolute_superlative", "tiktok:1")], runs(posts=3))
    ad = next(c for c in card.criteria if c.criterion == "ad_compliance")
    assert 0 < ad.score < ad.max_points


def test_every_deduction_points_at_its_findings():
    fs = [finding("absolute_superlative", f"tiktok:{i}") for i in range(4)]
    fs += [finding("commercial_content", f"tiktok:{i}", "info") for i in range(6)]
    fs += [finding("undisclosed_ad", f"tiktok:{i}") for i in range(3)]
    fs += [finding("follower_spike", "tiktok:acc", kind="account")]
    card = score_creator(METH, DIGEST, fs, runs())
    ids = {finding_fingerprint(f) for f in fs}
    attributed = [d for c in card.criteria for d in c.deductions if d.detector]
    assert {d.detector for d in attributed} == {"absolute_superlative", "undisclosed_ad", "follower_spike"}
    for d in attributed:
        assert d.finding_ids and set(d.finding_ids) <= ids
    kept = sum(c.score for c in card.criteria)
    lost = sum(d.points for c in card.criteria for d in c.deductions)
    assert kept + lost == pytest.approx(100)


def test_transparency_rate_is_over_commercial_posts_only():
    commercial = [finding("commercial_content", f"p:{i}", "info") for i in range(4)]
    half = score_creator(METH, DIGEST, commercial + [finding("undisclosed_ad", f"p:{i}") for i in range(2)], runs())
    none = score_creator(METH, DIGEST, commercial, runs())
    t = {c.criterion: c for c in half.criteria}["commercial_transparency"]
    assert t.coverage["disclosure"]["population"] == 4
    assert t.score < {c.criterion: c for c in none.criteria}["commercial_transparency"].score


def test_critical_finding_blocks_eligibility_pending_review():
    card = score_creator(METH, DIGEST, [finding("banned_product", "tiktok:1", "critical")], runs())
    gate = {g.id: g for g in card.gates}["no_critical"]
    assert not gate.passed and gate.pending and gate.detail == "banned_product"
    assert not card.eligible


def test_missing_coverage_makes_criterion_inconclusive_never_clean():
    card = score_creator(METH, DIGEST, [], runs(comments=5, accounts=0))
    status = {c.criterion: c.status for c in card.criteria}
    assert status["community_feedback"] == "inconclusive"
    assert status["authenticity"] == "inconclusive"
    assert status["ad_compliance"] == "scored"
    assert not card.complete and not card.eligible and card.tier == "?"


def test_per_finding_deductions_are_capped():
    spikes = [finding("follower_spike", f"tiktok:a{i}", kind="account", start=i) for i in range(5)]
    card = score_creator(METH, DIGEST, spikes, runs())
    auth = {c.criterion: c for c in card.criteria}["authenticity"]
    spike_loss = sum(d.points for d in auth.deductions if d.detector == "follower_spike")
    assert spike_loss == pytest.approx(13)


def test_critical_violations_cost_points_per_finding_not_only_as_a_rate():
    one = score_creator(METH, DIGEST, [finding("health_cure_claim", "p:1", "critical")], runs(posts=60))
    ad = {c.criterion: c for c in one.criteria}["ad_compliance"]
    serious = [d for d in ad.deductions if d.detector == "health_cure_claim"]
    assert sum(d.points for d in serious) >= 8  # 8 per critical finding, however many posts


def test_a_tier_is_earned_on_every_criterion():
    # perfect elsewhere, but most commercial posts undisclosed: a high total is not enough for A
    commercial = [finding("commercial_content", f"p:{i}", "info") for i in range(10)]
    hidden = [finding("undisclosed_ad", f"p:{i}") for i in range(6)]
    card = score_creator(METH, DIGEST, commercial + hidden, runs(posts=60, comments=2000))
    transparency = {c.criterion: c for c in card.criteria}["commercial_transparency"]
    assert transparency.score / transparency.max_points < 0.6
    assert card.total >= 70 and card.tier not in ("A", "B")


def test_dismissed_findings_stop_counting_and_confirmed_ones_fail_the_gate():
    bad = finding("banned_product", "tiktok:1", "critical")
    fp = finding_fingerprint(bad)
    pending = score_creator(METH, DIGEST, [bad], runs())
    gate = {g.id: g for g in pending.gates}["no_critical"]
    assert not gate.passed and gate.pending  # automated: waits for a reviewer
    dismissed = score_creator(METH, DIGEST, [bad], runs(), decisions={fp: "dismissed"})
    assert dismissed.total > pending.total and dismissed.eligible
    assert all(d.detector != "banned_product" for c in dismissed.criteria for d in c.deductions)
    confirmed = score_creator(METH, DIGEST, [bad], runs(), decisions={fp: "confirmed"})
    gate = {g.id: g for g in confirmed.gates}["no_critical"]
    assert not gate.passed and not gate.pending and confirmed.total == pending.total


def test_critical_findings_older_than_the_window_do_not_block_the_gate():
    from datetime import datetime, timezone

    old = finding("banned_product", "tiktok:old", "critical")
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    dates = {"tiktok:old": datetime(2025, 6, 1, tzinfo=timezone.utc)}
    card = score_creator(METH, DIGEST, [old], runs(), subject_dates=dates, as_of=now)
    assert {g.id: g for g in card.gates}["no_critical"].passed
    recent = score_creator(METH, DIGEST, [old], runs(), subject_dates={"tiktok:old": now}, as_of=now)
    assert not {g.id: g for g in recent.gates}["no_critical"].passed


# --------------------------------------------------------------------------- methodology 2026.2

METH2, DIGEST2 = methodology.load("2026.2")
COMMENT_DETECTORS = ["comment_sentiment", "comment_spam", "comment_toxicity", "complaint_intent", "complaint_phrase"]
POST_DETECTORS_2 = POST_DETECTORS + ["cosmetic_medical_claim", "medical_authority_misuse", "drug_ad_missing_warning",
                                     "missing_breastmilk_statement", "fake_urgency", "firsthand_use_doubt",
                                     "livestream_disclosure_not_repeated"]


def runs2(posts=20, comments=300, audience=1, metrics=1):
    out = [DetectorRun(d, "1", "post", examined=posts) for d in POST_DETECTORS_2]
    out += [DetectorRun(d, "1", "comment", examined=comments) for d in COMMENT_DETECTORS]
    out += [DetectorRun("audience_authenticity", "1", "creator", examined=audience),
            DetectorRun("follower_spike", "1", "creator", examined=metrics),
            DetectorRun("complaint_record", "1", "creator", examined=1)]
    return out


def by_criterion(card):
    return {c.criterion: c for c in card.criteria}


def test_2026_2_clean_creator_with_plenty_of_data_is_eligible():
    card = score_creator(METH2, DIGEST2, [], runs2(), audience=50_000)
    assert card.complete and card.eligible and card.tier == "A" and card.total > 95


def test_2026_2_thin_data_is_inconclusive_not_punished():
    # 12 comments, 10 of them angry, and no usable follower sample: too little to judge either way
    angry = [finding("comment_sentiment", f"c:{i}", "minor", kind="comment") for i in range(10)]
    angry += [finding("complaint_intent", f"c:{i}", "minor", kind="comment") for i in range(10)]
    card = score_creator(METH2, DIGEST2, angry, runs2(posts=4, comments=12, audience=0), audience=2_500)
    crit = by_criterion(card)
    assert crit["community_feedback"].status == "inconclusive" and crit["community_feedback"].score is None
    assert crit["authenticity"].status == "inconclusive"
    assert crit["community_feedback"].coverage["audience_sentiment"]["comment_sentiment"] == {
        "examined": 12, "required": 30, "not_available": 0}
    assert not any(d.detector in COMMENT_DETECTORS for c in card.criteria for d in c.deductions)
    assert card.tier == "?" and not card.eligible
    assert not {g.id: g for g in card.gates}["all_conclusive"].passed


def test_2026_2_angry_audience_loses_community_points_bots_do_not():
    angry = [finding("comment_sentiment", f"c:{i}", "minor", kind="comment") for i in range(120)]
    angry += [finding("complaint_intent", f"c:{i}", "minor", kind="comment") for i in range(100)]
    real = by_criterion(score_creator(METH2, DIGEST2, angry, runs2(), audience=50_000))["community_feedback"]
    spam = [finding("comment_spam", f"c:{i}", "info", kind="comment") for i in range(120)]
    bots = by_criterion(score_creator(METH2, DIGEST2, angry + spam, runs2(), audience=50_000))["community_feedback"]
    assert real.score < 0.6 * real.max_points
    assert bots.score == pytest.approx(bots.max_points)
    assert bots.coverage["audience_sentiment"]["population"] == 180


def test_2026_2_scores_engagement_anomaly_and_comment_pod_when_present():
    fs = [finding("engagement_anomaly", "inf-1", "major", kind="influencer"),
          Finding(detector="comment_pod", version="1", subject="inf-1", subject_kind="influencer", message="m",
                  severity="major", confidence=0.6, evidence=(Evidence("metrics", "q", None, None, "h"),))]
    card = score_creator(METH2, DIGEST2, fs, runs2(), audience=50_000)
    auth = by_criterion(card)["authenticity"]
    lost = {d.detector: d for d in auth.deductions if d.detector in ("engagement_anomaly", "comment_pod")}
    assert set(lost) == {"engagement_anomaly", "comment_pod"}
    assert lost["engagement_anomaly"].finding_ids == (finding_fingerprint(fs[0]),)
    assert lost["comment_pod"].points < lost["engagement_anomaly"].points  # confidence 0.6 vs 1.0
    clean = by_criterion(score_creator(METH2, DIGEST2, [], runs2(), audience=50_000))["authenticity"]
    assert auth.score < clean.score


def test_2026_2_fake_urgency_alone_costs_little_and_never_per_finding():
    urgency = [finding("fake_urgency", f"p:{i}") for i in range(3)]
    card = score_creator(METH2, DIGEST2, urgency, runs2(), audience=50_000)
    ad = by_criterion(card)["ad_compliance"]
    lost = sum(d.points for d in ad.deductions if d.detector == "fake_urgency")
    assert 0 < lost < 1.5 and card.eligible and card.tier == "A"
    superlative = score_creator(METH2, DIGEST2, [finding("absolute_superlative", f"p:{i}") for i in range(3)], runs2())
    assert by_criterion(superlative)["ad_compliance"].score < ad.score


def test_2026_2_bought_followers_are_caught_by_the_estimate():
    bought = Finding(detector="audience_authenticity", version="1", subject="inf-1", subject_kind="influencer",
                     message="m", severity="major", evidence=(Evidence("metrics", "q", None, None, "h"),),
                     data={"share": 0.7, "ci95": [0.55, 0.83], "n": 45})
    card = score_creator(METH2, DIGEST2, [bought], runs2(), audience=50_000)
    auth = by_criterion(card)["authenticity"]
    (d,) = [d for d in auth.deductions if d.detector == "audience_authenticity"]
    assert d.points == pytest.approx(8) and d.finding_ids == (finding_fingerprint(bought),)
    assert auth.coverage["fake_followers"]["share_interval"] == [0.55, 0.83]


@pytest.mark.parametrize("meth,digest,make_runs", [(METH, DIGEST, runs), (METH2, DIGEST2, runs2)])
def test_a_detector_failing_on_every_item_leaves_its_criterion_inconclusive(meth, digest, make_runs):
    broken = [DetectorRun(r.detector, r.version, r.scope, examined=r.examined, errors=r.examined)
              if r.scope == "comment" else r for r in make_runs()]
    card = score_creator(meth, digest, [], broken, audience=50_000)
    crit = {c.criterion: c for c in card.criteria}
    assert crit["community_feedback"].status == "inconclusive"
    assert crit["ad_compliance"].status == "scored"
    assert not card.eligible and card.tier == "?"
