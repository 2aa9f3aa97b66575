"""Complaint submission (validated, NFC), listing and triage with its audit record."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import select

from tinnhiem.services import complaints
from tinnhiem.store import tables

TEXT = "Sản phẩm quảng cáo là chữa khỏi bệnh nhưng dùng không có tác dụng."


def test_submit_list_and_triage(world):
    f, key = world["factory"], world["all"][0]
    decomposed = unicodedata.normalize("NFD", TEXT)
    r = complaints.submit_complaint(f, influencer_key=key, category="misleading_claim", text=f"  {decomposed}  ",
                                    contact="a@b.vn", post_url="https://example.com/v/1")
    listing = complaints.list_complaints(f, status="received", influencer_key=key)
    mine = next(i for i in listing["items"] if i["reference"] == r.reference)
    assert mine["text"] == TEXT and mine["contact"] == "a@b.vn" and mine["source"] == "web"
    out = complaints.triage_complaint(f, complaint_id=mine["id"], outcome="forwarded", reason="Chuyển cơ quan",
                                      reviewer="reviewer:r1", reassess=False)
    assert out["status"] == "forwarded" and out["triaged_by"] == "reviewer:r1"
    with f() as s:
        event = s.scalars(select(tables.AuditEvent).filter_by(action="complaint.triaged", target_id=r.reference)).one()
    assert event.detail == {"from": "received", "to": "forwarded", "reason": "Chuyển cơ quan"}
    out = complaints.triage_complaint(f, complaint_id=mine["id"], outcome="unsubstantiated", reason="Không đủ chứng cứ",
                                      reviewer="reviewer:r1", reassess=False)
    with pytest.raises(complaints.ComplaintError):  # decided complaints are final
        complaints.triage_complaint(f, complaint_id=mine["id"], outcome="substantiated", reason="x y z",
                                    reviewer="reviewer:r1", reassess=False)


@pytest.mark.parametrize("kw", [
    {"category": "nope"}, {"text": "ngắn"}, {"text": "x" * 2001}, {"text": TEXT + "\x00"},
    {"post_url": "javascript:alert(1)"}, {"contact": "a\nb"}, {"contact": "x" * 201},
])
def test_invalid_input_is_refused(world, kw):
    args = {"influencer_key": world["all"][0], "category": "other", "text": TEXT, **kw}
    with pytest.raises(complaints.ComplaintError):
        complaints.submit_complaint(world["factory"], **args)


def test_unknown_creator_and_complaint(world):
    with pytest.raises(LookupError):
        complaints.submit_complaint(world["factory"], influencer_key="nobody", category="other", text=TEXT)
    with pytest.raises(LookupError):
        complaints.triage_complaint(world["factory"], complaint_id=10**9, outcome="forwarded", reason="abc",
                                    reviewer="r", reassess=False)
