"""Meta-test: detector ids, versions, metadata and legal fields stay consistent."""

from __future__ import annotations

import importlib
import re

import pytest

from tinnhiem.detectors import registry
from tinnhiem.detectors.base import Detector
from tinnhiem.detectors.rulepack import RuleDetector, load_rules
from tinnhiem.model import SEVERITIES

REQUIRED_IDS = {
    "commercial_content", "ad_disclosure", "undisclosed_ad", "absolute_superlative",
    "health_cure_claim", "equivalence_claim", "missing_supplement_disclaimer", "banned_product",
    "complaint_phrase", "follower_spike", "complaint_record",
    # issue #3: every required rule id
    "cosmetic_medical_claim", "fake_urgency", "medical_authority_misuse",
    # issue #4: the audience classifiers and the account and engagement detectors
    "comment_sentiment", "comment_spam", "comment_toxicity", "complaint_intent",
    "audience_authenticity", "engagement_anomaly", "comment_pod",
}
DETECTORS = list(registry.all_detectors().values())


def test_required_ids_present():
    assert REQUIRED_IDS <= set(registry.all_detectors())


def test_sorted_and_manifest():
    ids = list(registry.all_detectors())
    assert ids == sorted(ids)
    assert registry.manifest() == {d.id: d.version for d in DETECTORS}
    assert registry.get("follower_spike").id == "follower_spike"
    with pytest.raises(KeyError):
        registry.get("nope")


@pytest.mark.parametrize("det", DETECTORS, ids=lambda d: d.id)
def test_detector_metadata(det: Detector):
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", det.id)
    assert re.fullmatch(r"\d+\.\d+\.\d+", det.version)
    assert det.scope in ("post", "comment", "creator")
    assert det.title_vi and det.title_en and det.title_vi != det.title_en
    assert det.severity in SEVERITIES
    assert det.legal_source and det.rule_confidence in ("V", "S", "D", "M")
    assert all(dep in registry.all_detectors() for dep in det.depends_on)
    meta = det.metadata()
    assert meta["id"] == det.id and meta["version"] == det.version


@pytest.mark.parametrize("det", [d for d in DETECTORS if not isinstance(d, RuleDetector)],
                         ids=lambda d: d.id)
def test_code_detector_module_name_is_id(det):
    module = importlib.import_module(type(det).__module__)
    assert module.__name__.rsplit(".", 1)[-1] == det.id


@pytest.mark.parametrize("rule", load_rules(), ids=lambda r: r.id)
def test_rule_entries_complete(rule: RuleDetector):
    spec = rule.spec
    for key in ("catalog_id", "remediation_vi", "remediation_en", "examples"):
        assert spec.get(key), f"{rule.id} lacks {key}"
    assert rule.scope in ("post", "comment")
    assert "{quote}" in spec["message_vi"] and "{quote}" in spec["message_en"]


def test_duplicate_ids_raise(monkeypatch):
    rules = load_rules()
    monkeypatch.setattr(registry, "load_rules", lambda: rules + rules[:1])
    registry.clear_cache()
    try:
        with pytest.raises(ValueError, match="duplicate"):
            registry.all_detectors()
    finally:
        monkeypatch.undo()
        registry.clear_cache()


def test_rule_without_required_keys_raises():
    with pytest.raises(ValueError, match="lacks"):
        RuleDetector({"id": "x", "patterns": ["a"]}, source="test")


def test_detector_ids_are_those_of_all_detectors():
    assert registry.detector_ids() == list(registry.all_detectors())


def test_load_builds_the_named_detectors_and_their_dependencies():
    every = registry.all_detectors()
    registry.clear_cache()  # (the lazy path: nothing built yet)
    try:
        loaded = registry.load(["undisclosed_ad", "comment_sentiment", "health_cure_claim"])
        assert list(loaded) == ["ad_disclosure", "comment_sentiment", "commercial_content",
                                "health_cure_claim", "undisclosed_ad"]
        for key, det in loaded.items():
            assert type(det) is type(every[key]) and det.metadata() == every[key].metadata()
        assert registry.load(["undisclosed_ad"])["ad_disclosure"] is loaded["ad_disclosure"]
        with pytest.raises(KeyError, match="nope"):
            registry.load(["nope"])
    finally:
        registry.clear_cache()
    built = registry.all_detectors()  # once everything is built, ``load`` hands out those objects
    assert registry.load(["undisclosed_ad"])["commercial_content"] is built["commercial_content"]


def test_loading_a_comment_model_compiles_no_rule_pack():
    import subprocess
    import sys

    code = ("import sys\nfrom tinnhiem.detectors import registry\n"
            "registry.load(['comment_sentiment', 'comment_toxicity'])\n"
            "print('tinnhiem.detectors.rulepack' in sys.modules, 'tinnhiem.detectors._common' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_packs_read_alike_with_either_yaml_parser():
    """``read_pack`` uses libyaml's parser when PyYAML has it: the same documents as the
    pure-Python safe loader gives."""
    import yaml

    from tinnhiem.detectors._packs import RULES_DIR, read_pack

    packs = sorted(RULES_DIR.glob("*.yaml"))
    assert packs
    for path in packs:
        assert read_pack(path) == (yaml.safe_load(path.read_text(encoding="utf-8")) or {}), path.name
