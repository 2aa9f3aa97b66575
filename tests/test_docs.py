"""Generated documentation must match the code: run `make docs` after changing rules or
a methodology. Hand-written docs must keep the README's two commands first."""

from pathlib import Path

import pytest

from tinnhiem import docs

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(docs.PAGES))
def test_generated_page_is_fresh(name):
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == docs.PAGES[name](), f"docs/{name} is stale: run `make docs`"


def test_generated_pages_say_so_first():
    for name in docs.PAGES:
        assert (ROOT / "docs" / name).read_text(encoding="utf-8").startswith(docs.GENERATED)


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:6]
    assert any(line.startswith("make demo") for line in head)
    assert any(line.startswith("make test") for line in head)


def test_methodology_page_names_every_criterion_and_detector():
    from tinnhiem.scoring import methodology

    page = docs.methodology_page()
    meth, digest = methodology.load()
    for needle in ("Tính xác thực của nội dung", "Tuân thủ quy tắc quảng cáo", "Minh bạch trong hợp tác thương mại",
                   "Phản hồi tích cực từ cộng đồng", meth.version, digest, "`2026.1` (published)"):
        assert needle in page
    for detector in meth.detectors:
        assert f"`{detector}`" in page, detector


def test_methodology_page_explains_the_reasoning_vietnamese_first():
    from tinnhiem.scoring import methodology

    page = docs.methodology_page()
    meth, _ = methodology.load()
    assert meth.changes_vi in page and meth.changes_en in page
    assert page.index(meth.changes_vi) < page.index(meth.changes_en)
    for comp in (comp for c in meth.criteria for comp in c.components):
        assert comp.rationale_vi, comp.id  # every component of the default says why
        vi, en = docs._cell(comp.rationale_vi), docs._cell(comp.rationale_en)
        assert page.index(vi) < page.index(en)
    for word in ("`per_audience`", "`estimate`", "chưa đủ dữ liệu", "loại trước"):
        assert word in page
