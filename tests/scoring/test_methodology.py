import pytest
import yaml
from pydantic import ValidationError

from tinnhiem.model import CRITERIA
from tinnhiem.scoring import methodology

# A published methodology is frozen: editing it must fail this test. Publish a new version.
PUBLISHED_DIGESTS = {
    "2026.1": "sha256:0bca440f189615f55402611272f543c3447b171c181bbea9441da14da9d63c90",
}


def test_default_is_newest_published():
    meth, _ = methodology.load()
    assert meth.status == "published"
    assert meth.version == "2026.1"


@pytest.mark.parametrize("version", sorted(PUBLISHED_DIGESTS))
def test_published_methodology_digest_is_pinned(version):
    meth, digest = methodology.load(version)
    assert meth.status == "published"
    assert digest == PUBLISHED_DIGESTS[version]


def test_four_criteria_add_up_to_100():
    meth, _ = methodology.load("2026.1")
    assert tuple(c.id for c in meth.criteria) == CRITERIA
    assert sum(c.points for c in meth.criteria) == 100


def test_every_detector_the_methodology_reads_exists():
    from tinnhiem.detectors import registry

    meth, _ = methodology.load("2026.1")
    assert set(meth.detectors) <= set(registry.all_detectors())


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
