"""Certificates: issued only to eligible creators with a verified account, logged, verifiable
offline; key rotation keeps them valid; a logged revocation is seen with a newer log export."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tinnhiem import signing
from tinnhiem.ledger import log
from tinnhiem.scoring import methodology
from tinnhiem.services import certify, keys
from tinnhiem.verification import verify_bundle

pytestmark = pytest.mark.integration
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # the world fixture (conftest.py) is assessed at T0
ORIGIN = "tinnhiem.test/log"


def issue(world, **kw):
    return certify.certify(world["factory"], key_dir=world["tmp"] / "keys", env="development", origin=ORIGIN,
                           at=T0, **kw)


def bundle_for(world, serial):
    return certify.export_bundle(world["factory"], serial=serial, key_dir=world["tmp"] / "keys", env="development",
                                 origin=ORIGIN, at=T0 + timedelta(minutes=5))


@pytest.fixture(scope="module")
def serial(world):
    """The first eligible creator proves ownership and is certified; its serial."""
    creator = world["eligible"][0]
    world["prove"](creator)
    return {r.influencer_key: r for r in issue(world)}[creator].serial


def test_certification_needs_eligibility_and_a_verified_account(world, serial):
    assert len(world["eligible"]) >= 2, "the small sample world should have eligible creators"
    results = {r.influencer_key: r for r in issue(world)}
    assert results[world["eligible"][0]].outcome == "already_certified" and results[world["eligible"][0]].serial == serial
    assert serial.startswith("TN-2026-")
    assert {results[k].outcome for k in world["eligible"][1:]} == {"no_verified_account"}
    assert all(results[k].outcome == "not_eligible" and results[k].detail for k in world["all"] if k not in world["eligible"])


def test_bundle_verifies_offline_and_tampering_is_caught(world, serial):
    bundle = bundle_for(world, serial)
    bundle = json.loads(json.dumps(bundle))  # what a file round-trip gives
    result = verify_bundle(bundle, now=T0 + timedelta(days=1))
    assert result.ok, result.checks
    assert {name for name, ok, _ in result.checks} >= {"signature", "log_entry", "checkpoint", "inclusion"}
    assert bundle["certificate"]["accounts"] and bundle["certificate"]["methodology"]["version"] == methodology.default_version()
    tampered = json.loads(json.dumps(bundle))
    tampered["certificate"]["tier"] = "A+" if bundle["certificate"]["tier"] != "A+" else "B"
    assert verify_bundle(tampered, now=T0).status == "invalid"
    stranger = signing.SigningKey.generate()
    assert verify_bundle(bundle, trusted_keys={stranger.key_id: stranger.public_pem().decode()}, now=T0).status == "invalid"
    assert verify_bundle(bundle, now=T0 + timedelta(days=400)).status == "expired"


def test_rotation_keeps_earlier_certificates_valid(world, serial):
    keys.generate_key(world["factory"], key_dir=world["tmp"] / "keys", purpose="development", at=T0 + timedelta(minutes=1))
    bundle = bundle_for(world, serial)
    assert len(bundle["keys"]) == 2
    assert bundle["log"]["checkpoint"]["signature"]["key_id"] != bundle["signature"]["key_id"]
    assert verify_bundle(bundle, now=T0 + timedelta(days=1)).ok


def test_revocation_in_a_newer_log_export_is_seen(world, serial):
    bundle = bundle_for(world, serial)
    with world["factory"]() as s, s.begin():
        log.append_entry(s, kind="certificate.revoked/v1", body={"serial": serial, "reason": "test"},
                         at=T0 + timedelta(days=2))
    export = certify.export_log(world["factory"], key_dir=world["tmp"] / "keys", env="development", origin=ORIGIN,
                                at=T0 + timedelta(days=2))
    result = verify_bundle(bundle, log_export=export, now=T0 + timedelta(days=3))
    assert result.status == "revoked"
    forged = {**export, "entries": export["entries"][:-1]}
    assert verify_bundle(bundle, log_export=forged, now=T0 + timedelta(days=3)).status == "invalid"


def test_development_key_refused_outside_development(world, serial):
    with pytest.raises(PermissionError):
        certify.certify(world["factory"], key_dir=world["tmp"] / "keys", env="production", origin=ORIGIN, at=T0)


def test_private_keys_are_written_owner_only(world, serial):
    for path in Path(world["tmp"] / "keys").glob("*.pem"):
        assert path.stat().st_mode & 0o077 == 0


def test_verify_command_reads_a_bundle_file(world, serial, tmp_path):
    from typer.testing import CliRunner

    from tinnhiem.cli import app

    path = tmp_path / "cert.json"
    path.write_text(json.dumps(bundle_for(world, serial), ensure_ascii=False), encoding="utf-8")
    ok = CliRunner().invoke(app, ["verify", str(path)])
    assert ok.exit_code == 0 and "HỢP LỆ" in ok.stdout, ok.stdout
    broken = json.loads(path.read_text(encoding="utf-8"))
    broken["certificate"]["creator"]["name"] = "Người khác"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    bad = CliRunner().invoke(app, ["verify", str(path)])
    assert bad.exit_code == 1 and "KHÔNG HỢP LỆ" in bad.stdout


def _flip_first(text: str) -> str:
    """Change the first character for sure (a fixed "A" is no change when it already starts with "A")."""
    return ("B" if text[0] == "A" else "A") + text[1:]


MUTATIONS = [
    (lambda b: b["certificate"].__setitem__("tier", "Z"), "signature"),
    (lambda b: b["certificate"]["scores"].__setitem__("total", 100), "signature"),
    (lambda b: b["certificate"]["creator"].__setitem__("name", b["certificate"]["creator"]["name"] + " "), "signature"),
    (lambda b: b["signature"].__setitem__("signature", _flip_first(b["signature"]["signature"])), "signature"),
    (lambda b: b["log"].__setitem__("entry", b["log"]["entry"].replace("TN-", "TM-")), "log_entry"),
    (lambda b: b["log"].__setitem__("entry", "{not json"), "log_entry"),
    (lambda b: b["log"].__setitem__("seq", b["log"]["seq"] + 1), "inclusion"),
    (lambda b: b["log"]["inclusion_proof"].append("AAAA"), "inclusion"),
    (lambda b: b["log"]["checkpoint"]["checkpoint"].__setitem__("size", 999), "checkpoint"),
    (lambda b: b["log"]["checkpoint"]["signature"].__setitem__("key_id", "ed25519:x"), "checkpoint"),
    (lambda b: b.__setitem__("keys", {k: v.replace("M", "N", 1) for k, v in b["keys"].items()}), "keys"),
    (lambda b: b.__setitem__("format", "something/v9"), "format"),
]


@pytest.mark.parametrize("mutate,broken", MUTATIONS)
def test_any_change_fails_and_says_what_broke(world, serial, mutate, broken):
    bundle = json.loads(json.dumps(bundle_for(world, serial)))
    assert verify_bundle(bundle, now=T0 + timedelta(days=1)).ok
    mutate(bundle)
    result = verify_bundle(bundle, now=T0 + timedelta(days=1))
    assert result.status == "invalid"
    assert [name for name, ok, _ in result.checks if not ok][0] == broken


def test_every_character_of_the_certificate_body_matters(world, serial):
    bundle = json.loads(json.dumps(bundle_for(world, serial)))
    text = json.dumps(bundle["certificate"], ensure_ascii=False)
    for i in range(0, len(text), 7):
        if not text[i].isalnum():
            continue
        swapped = text[:i] + ("X" if text[i] != "X" else "Y") + text[i + 1:]
        try:
            changed = json.loads(swapped)
        except json.JSONDecodeError:
            continue
        assert verify_bundle({**bundle, "certificate": changed}, now=T0).status == "invalid", i


def test_export_command_writes_bundle_pdf_and_badge(world, serial, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from tinnhiem.cli import app, state

    monkeypatch.setattr(state, "factory", lambda: world["factory"])
    monkeypatch.setenv("TINNHIEM_KEY_DIR", str(world["tmp"] / "keys"))
    monkeypatch.setenv("TINNHIEM_LOG_ORIGIN", ORIGIN)
    out = tmp_path / "c.json"
    result = CliRunner().invoke(app, ["export-certificate", serial, "-o", str(out),
                                      "--pdf", str(tmp_path / "c.pdf"), "--badge", str(tmp_path / "c.svg"),
                                      "--vc", str(tmp_path / "c.jwt")])
    assert result.exit_code == 0, result.output
    assert verify_bundle(json.loads(out.read_text(encoding="utf-8")), now=T0 + timedelta(days=1)).ok
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    assert serial in (tmp_path / "c.svg").read_text(encoding="utf-8")
    from tinnhiem.services.keys import public_keys
    from tinnhiem.vc import verify_vc_jwt

    with world["factory"]() as s:
        cred = verify_vc_jwt((tmp_path / "c.jwt").read_text(encoding="ascii"), public_keys(s))
    assert cred["id"] == f"urn:tinnhiem:certificate:{serial}"
    missing = CliRunner().invoke(app, ["export-certificate", "TN-1999-000001", "-o", str(out)])
    assert missing.exit_code == 2
