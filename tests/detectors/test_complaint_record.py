from __future__ import annotations

from tinnhiem.detectors.complaint_record import ComplaintRecord
from tinnhiem.engine import run
from tinnhiem.model import ComplaintView, CreatorView, content_hash


def test_one_finding_per_substantiated_complaint():
    long_text = "  Quảng cáo kẹo rau củ sai công dụng. " + "x" * 400
    complaints = (
        ComplaintView("k2", "inf:1", "substantiated", "misleading", long_text, post_key="tiktok:9"),
        ComplaintView("k1", "inf:1", "received", "fraud", "chưa xác minh"),
        ComplaintView("k3", "inf:1", "dismissed", "fraud", "không có căn cứ"),
        ComplaintView("k4", "inf:1", "substantiated", "counterfeit", "Bán hàng giả"),
    )
    result = run([ComplaintRecord()], CreatorView(key="inf:1", name="A", complaints=complaints))
    assert sorted(f.data["complaint"] for f in result.findings) == ["k2", "k4"]
    (f,) = [f for f in result.findings if f.data["complaint"] == "k2"]
    assert f.subject == "inf:1" and f.subject_kind == "influencer" and f.severity == "major"
    ev = f.evidence[0]
    assert ev.field == "complaint" and len(ev.quote) == 200 and ev.start == 2
    assert long_text[ev.start:ev.end] == ev.quote and ev.content_hash == content_hash(long_text)
    assert f.data == {"complaint": "k2", "category": "misleading", "post": "tiktok:9"}
    assert result.runs[0].examined == 1


def test_no_complaints_is_examined_without_findings():
    result = run([ComplaintRecord()], CreatorView(key="inf:1", name="A"))
    assert result.findings == [] and result.runs[0].examined == 1
