"""Due process after issuance: manual decisions, automatic suspension only on *confirmed*
serious findings, appeals decided by another reviewer, reinstatement, renewal."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from canonical_testdata import WORLD_T0 as T0
from tinnhiem.services import appeals, certify, lifecycle
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.ingest import import_files
from tinnhiem.services.review import decide_finding, review_queue
from tinnhiem.store import tables
from tinnhiem.verification import verify_bundle

pytestmark = pytest.mark.integration
ORIGIN = "tinnhiem.test/log"


def issue(world, at=T0):
    return {r.influencer_key: r for r in certify.certify(world["factory"], key_dir=world["tmp"] / "keys",
                                                         env="development", origin=ORIGIN, at=at)}


def status(world, serial):
    with world["factory"]() as s:
        return s.scalars(select(tables.Certificate.status).filter_by(serial=serial)).one()


@pytest.fixture(scope="module")
def certified(world):
    creator = world["eligible"][0]
    account = world["prove"](creator)
    serial = issue(world)[creator].serial
    return {**world, "creator": creator, "account": account, "serial": serial}


def test_manual_decisions_follow_the_allowed_transitions(certified):
    w, serial = certified, certified["serial"]
    change = lifecycle.decide(w["factory"], serial=serial, action="suspend", reason="Đang điều tra khiếu nại", actor="op-1")
    assert (change.status, status(w, serial)) == ("suspended", "suspended")
    with pytest.raises(ValueError, match="suspended"):
        lifecycle.decide(w["factory"], serial=serial, action="suspend", reason="again", actor="op-1")
    lifecycle.decide(w["factory"], serial=serial, action="reinstate", reason="Khiếu nại không có căn cứ", actor="op-2")
    assert status(w, serial) == "active"
    with pytest.raises(ValueError, match="reason"):
        lifecycle.decide(w["factory"], serial=serial, action="revoke", reason=" ", actor="op-1")
    with w["factory"]() as s:
        assert lifecycle.last_actor(s, serial) == "op-2"


def test_violator_keeps_certificate_until_confirmed_then_an_appeal_reinstates(certified):
    """Issued → violation imported → pending (still active) → confirmed → suspended → appeals → active."""
    w = certified
    platform, _, pid = certified["account"].partition(":")
    vape = {"kind": "post", "account": {"platform": platform, "platform_id": pid}, "post_id": "vape-late",
            "published_at": "2026-11-01T20:00:00+07:00",
            "caption": "Pod vape vị nho mới về nha cả nhà, giá chỉ 290k, ib mình ship toàn quốc https://s.shopee.vn/ZzTop12"}
    path = w["tmp"] / "late-post.jsonl"
    path.write_text(json.dumps(vape, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_files(w["factory"], [path]).inserted == 1
    assess_creators(w["factory"], keys=[w["creator"]], now=T0 + timedelta(days=1))
    assert status(w, w["serial"]) == "active"  # automated and unreviewed: no sanction yet
    with w["factory"]() as s:
        item = next(i for i in review_queue(s) if i.subject.endswith("vape-late"))
    decide_finding(w["factory"], fingerprint=item.fingerprint, decision="confirmed", reason="Bán thuốc lá điện tử",
                   reviewer="rev-a", at=T0 + timedelta(days=2))
    assert status(w, w["serial"]) == "suspended"
    with w["factory"]() as s:
        assert lifecycle.last_actor(s, w["serial"]) == lifecycle.SYSTEM_ACTOR
    fp = item.fingerprint
    appeal_id = appeals.file_appeal(w["factory"], influencer_key=w["creator"], target_kind="finding", target_id=fp[:12],
                                    statement="Đây là video của người khác đăng lại, mình không bán vape",
                                    evidence=["https://example.invalid/original"], filed_by=w["creator"])
    with pytest.raises(PermissionError, match="rev-a"):
        appeals.decide_appeal(w["factory"], appeal_id=appeal_id, outcome="upheld", reason="x", reviewer="rev-a")
    appeals.decide_appeal(w["factory"], appeal_id=appeal_id, outcome="upheld", reviewer="rev-b",
                          reason="Video đăng lại từ tài khoản giả mạo", at=T0 + timedelta(days=3))
    with w["factory"]() as s:
        a = s.scalars(select(tables.Assessment).join(tables.Influencer).where(tables.Influencer.key == w["creator"])
                      .order_by(tables.Assessment.id.desc())).first()
        assert {g["id"]: g for g in a.gates}["no_critical"]["passed"]
    # the finding is cleared; the suspension itself is appealed and reversed
    cert_appeal = appeals.file_appeal(w["factory"], influencer_key=w["creator"], target_kind="certificate",
                                      target_id=w["serial"], statement="Đề nghị khôi phục chứng nhận", filed_by=w["creator"])
    appeals.decide_appeal(w["factory"], appeal_id=cert_appeal, outcome="upheld", reviewer="rev-b",
                          reason="Căn cứ đình chỉ đã bị hủy", at=T0 + timedelta(days=3))
    assert status(w, w["serial"]) == "active"
    with pytest.raises(ValueError, match="already decided"):
        appeals.decide_appeal(w["factory"], appeal_id=cert_appeal, outcome="rejected", reviewer="rev-c", reason="x")
    with w["factory"]() as s:
        steps = [(k, json.loads(b)["body"].get("serial")) for k, b in
                 s.execute(select(tables.LogEntry.kind, tables.LogEntry.body).order_by(tables.LogEntry.seq))]
    mine = [k for k, serial in steps if serial == w["serial"]]
    assert mine[0] in ("certificate.issued/v1", "certificate.renewed/v1")
    assert mine[-2:] == ["certificate.suspended/v1", "certificate.reinstated/v1"]
    assert [k for k, _ in steps].count("appeal.decided/v1") >= 2


def test_revocation_is_undone_only_by_appeal(certified):
    w = certified
    lifecycle.decide(w["factory"], serial=w["serial"], action="revoke", reason="Vi phạm nghiêm trọng", actor="op-3")
    with pytest.raises(ValueError, match="revoked"):
        lifecycle.decide(w["factory"], serial=w["serial"], action="reinstate", reason="x", actor="op-4")
    appeal_id = appeals.file_appeal(w["factory"], influencer_key=w["creator"], target_kind="certificate",
                                    target_id=w["serial"], statement="Xin xem xét lại", filed_by=w["creator"])
    appeals.decide_appeal(w["factory"], appeal_id=appeal_id, outcome="rejected", reviewer="rev-d", reason="Đủ căn cứ")
    assert status(w, w["serial"]) == "revoked"


def test_renewal_supersedes_the_previous_certificate(world):
    creator = world["eligible"][-1]
    world["prove"](creator)
    first = issue(world)[creator].serial
    bundle = certify.export_bundle(world["factory"], serial=first, key_dir=world["tmp"] / "keys", env="development",
                                   origin=ORIGIN, at=T0)
    assess_creators(world["factory"], keys=[creator], now=T0 + timedelta(days=30))
    second = issue(world, at=T0 + timedelta(days=30))[creator]
    assert second.outcome == "issued" and second.serial != first
    assert status(world, first) == "superseded"
    export = certify.export_log(world["factory"], key_dir=world["tmp"] / "keys", env="development", origin=ORIGIN)
    assert verify_bundle(bundle, log_export=export, now=T0 + timedelta(days=31)).status == "superseded"


def test_cli_certificate_decisions_and_appeals(world, monkeypatch):
    from typer.testing import CliRunner

    from tinnhiem.cli import app, state

    creator = world["eligible"][1] if len(world["eligible"]) > 1 else world["eligible"][0]
    world["prove"](creator)
    serial = issue(world)[creator].serial  # issued now, or already certified by an earlier test
    monkeypatch.setattr(state, "factory", lambda: world["factory"])
    run = CliRunner().invoke
    assert run(app, ["suspend", serial, "--reason", "Kiểm tra", "--actor", "op"]).exit_code == 0
    assert run(app, ["suspend", serial, "--reason", "Lần nữa", "--actor", "op"]).exit_code == 2
    filed = run(app, ["appeal", "file", creator, "--target", "certificate", "--id", serial, "--statement", "Xin khôi phục"])
    appeal_id = filed.stdout.strip().split("#")[-1]
    assert run(app, ["appeal", "decide", appeal_id, "--outcome", "upheld", "--reason", "ok", "--reviewer", "op"]).exit_code == 2
    decided = run(app, ["appeal", "decide", appeal_id, "--outcome", "upheld", "--reason", "ok", "--reviewer", "rev-x"])
    assert decided.exit_code == 0 and "upheld" in decided.stdout
    assert status(world, serial) == "active"


def test_only_gates_the_methodology_marks_as_suspending_suspend():
    from types import SimpleNamespace

    from tinnhiem.services.lifecycle import _suspending_failures

    gates = [{"id": "criterion_floor", "passed": False}, {"id": "min_total", "passed": False},
             {"id": "no_critical", "passed": False, "pending": True}]
    reasons = _suspending_failures(SimpleNamespace(methodology_version="2026.1", gates=gates))
    assert len(reasons) == 1 and "70" in reasons[0]  # min_total only: the floor does not suspend, pending never does
