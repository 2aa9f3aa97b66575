import pytest
import yaml
from pydantic import ValidationError

from tinnhiem.model import CRITERIA
from tinnhiem.scoring import methodology

# A published methodology is frozen: editing it must fail this test. Publish a new version.
PUBLISHED_DIGESTS = {
    "2026.1": "sha256:0bca440f189615f55402611272f543c3447b171c181bbea9441da14da9d63c90",
    "2026.2": "sha256:9e76fd01e93930e5248313d6987b8942a4312ec5f30ca953c90c8eba28ed6d25",
}
DEFAULT = "2026.2"


def test_default_is_newest_published():
    meth, _ = methodology.load()
    assert meth.status == "published"
    assert meth.version == DEFAULT == methodology.default_version()


@pytest.mark.parametrize("version", sorted(PUBLISHED_DIGESTS))
def test_every_published_version_still_loads_with_four_criteria(version):
    meth, _ = methodology.load(version)
    assert tuple(c.id for c in meth.criteria) == CRITERIA and meth.total_points == 100


def test_default_scores_every_post_rule_of_the_registry():
    """Every post detector that reports a violation (severity above info) costs points under the
    default methodology; the info-level ones (commercial content, disclosure present) are read
    as its population and coverage."""
    from tinnhiem.detectors import registry

    meth, _ = methodology.load(DEFAULT)
    scored = {d for c in meth.criteria for comp in c.components for d in comp.detectors}
    post = {i: d for i, d in registry.all_detectors().items() if d.scope == "post"}
    violations = {i for i, d in post.items() if d.severity != "info"}
    assert violations <= scored, sorted(violations - scored)
    assert set(post) <= set(meth.detectors), sorted(set(post) - set(meth.detectors))


def test_default_reads_the_audience_signals():
    meth, _ = methodology.load(DEFAULT)
    for detector in ("comment_sentiment", "comment_spam", "comment_toxicity", "complaint_intent", "complaint_record",
                     "audience_authenticity", "follower_spike", "engagement_anomaly", "comment_pod"):
        assert detector in meth.detectors, detector


@pytest.mark.parametrize("version", sorted(PUBLISHED_DIGESTS))
def test_published_methodology_digest_is_pinned(version):
    meth, digest = methodology.load(version)
    assert meth.status == "published"
    assert digest == PUBLISHED_DIGESTS[version]


def test_four_criteria_add_up_to_100():
    meth, _ = methodology.load("2026.1")
    assert tuple(c.id for c in meth.criteria) == CRITERIA
    assert sum(c.points for c in meth.criteria) == 100


@pytest.mark.parametrize("version", sorted(PUBLISHED_DIGESTS))
def test_every_detector_the_methodology_reads_exists(version):
    from tinnhiem.detectors import registry

    meth, _ = methodology.load(version)
    assert set(meth.detectors) <= set(registry.all_detectors()), sorted(set(meth.detectors) - set(registry.all_detectors()))


def _raw():
    from importlib import resources

    path = resources.files("tinnhiem.scoring") / "methodologies" / "2026.1.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_points_must_add_up():
    data = _raw()
    data["total_points"] = 90
    with pytest.raises(ValidationError, match="add up"):
        methodology.Methodology.model_validate(data)


def test_rate_component_needs_its_parameters():
    data = _raw()
    del data["criteria"][0]["components"][0]["prior"]
    with pytest.raises(ValidationError, match="prior"):
        methodology.Methodology.model_validate(data)


def test_unknown_fields_are_rejected():
    data = _raw()
    data["criteria"][0]["weight"] = 3
    with pytest.raises(ValidationError):
        methodology.Methodology.model_validate(data)


def test_unknown_version_names_available_ones():
    with pytest.raises(ValueError, match="2026.1"):
        methodology.load("1999.9")
