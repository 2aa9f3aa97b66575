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
    page = docs.methodology_page()
    for needle in ("Tính xác thực của nội dung", "Tuân thủ quy tắc quảng cáo", "Minh bạch trong hợp tác thương mại",
                   "Phản hồi tích cực từ cộng đồng", "`undisclosed_ad`", "`follower_spike`", "2026.1"):
        assert needle in page
