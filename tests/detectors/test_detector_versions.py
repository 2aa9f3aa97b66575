"""A detector whose findings change gets a new version (``scripts/detector_versions.py``)."""

from __future__ import annotations

import json

import pytest
from repo_scripts import load_script

versions = load_script("scripts/detector_versions.py")


def test_the_lock_describes_the_detectors_as_they_are():
    lock = json.loads(versions.LOCK.read_text(encoding="utf-8"))
    assert versions.problems(lock) == []


@pytest.fixture(scope="module")
def small():
    """A lock over one small statement set and one comment set, and their per-file digests."""
    files = {"ad_statements_vi_e.jsonl": "post", "comments_vi_a.jsonl": "comment"}
    per_file = versions.file_digests(files)
    return files, per_file, versions.current(files, per_file)


def _problems(lock, per_file):
    """``problems`` of a lock over part of the reference sets, less the note that it is part."""
    return [p for p in versions.problems(lock, per_file) if not p[1].startswith("new reference sets")]


def _kinds(found):
    return sorted({kind for kind, _ in found})


def test_changed_findings_under_the_same_version_ask_for_a_bump(small):
    files, per_file, lock = small
    assert _problems(lock, per_file) == []
    stale = json.loads(json.dumps(lock))
    stale["detectors"]["health_cure_claim"]["findings"] = "0" * 16
    found = _problems(stale, per_file)
    assert [kind for kind, message in found if "health_cure_claim" in message] == [versions.BUMP]
    # a new classifier may change the findings of the rules that read it: recorded, not refused
    stale["claim_model"] = "claim_statements@2000-01-01"
    assert _kinds(_problems(stale, per_file)) == [versions.RECORD]


def test_a_bumped_version_is_to_be_recorded(small):
    files, per_file, lock = small
    bumped = json.loads(json.dumps(lock))
    bumped["detectors"]["fake_urgency"]["version"] = "0.0.1"
    assert _problems(bumped, per_file) == [
        (versions.RECORD, f"fake_urgency: 0.0.1 → {lock['detectors']['fake_urgency']['version']} not recorded "
                          "(run --update)")]


def test_a_lock_of_another_digest_format_is_recorded_anew(small):
    files, per_file, lock = small
    older = {**json.loads(json.dumps(lock)), "format": versions.DIGEST_FORMAT - 1}
    older["detectors"]["health_cure_claim"]["findings"] = "0" * 16
    assert _kinds(_problems(older, per_file)) == [versions.RECORD]


def test_an_edited_reference_set_is_refused(small, tmp_path):
    files, per_file, lock = small
    edited = json.loads(json.dumps(lock))
    edited["corpus"]["post"]["ad_statements_vi_e.jsonl"] = "0" * 16
    assert _kinds(versions.problems(edited, per_file)) == [versions.EDITED]
    out = tmp_path / "lock.json"
    assert versions.update(edited, out) and not out.exists()


def test_the_digest_leaves_out_what_a_version_bump_alone_changes():
    finding = {"detector": "x", "version": "1.0.0", "quote": "q", "data": {"model": "m@1", "hits": 1}}
    bumped = {**finding, "version": "1.0.1", "data": {"model": "m@2", "hits": 1}}
    assert versions._canonical(finding) == versions._canonical(bumped)
    assert versions._canonical(finding) != versions._canonical({**finding, "quote": "r"})


def test_the_digest_leaves_out_the_last_digits_of_scores():
    finding = {"detector": "x", "confidence": 0.926, "message": "Bình luận tiêu cực (mô hình, xác suất 0.93)",
               "data": {"label": "negative", "scores": {"negative": 0.926276}, "hits": 2}}
    other_cpu = {**finding, "confidence": 0.927, "message": "Bình luận tiêu cực (mô hình, xác suất 0.94)",
                 "data": {"label": "negative", "scores": {"negative": 0.926281}, "hits": 2}}
    assert versions._canonical(finding) == versions._canonical(other_cpu)
    assert versions._canonical(finding) != versions._canonical({**finding, "data": {"label": "neutral"}})
