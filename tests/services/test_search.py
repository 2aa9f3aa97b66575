"""Creator search: filters, accent-insensitive names, sorting, pagination — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from tinnhiem.services.listing import refresh_listing
from tinnhiem.services.search import SearchQuery, search_creators, search_facets
from tinnhiem.store import tables

T = datetime(2026, 11, 1, tzinfo=timezone.utc)
CREATORS = [  # key, name, province, niches, [(platform, handle, followers)], [totals, oldest first], tier
    ("kol-1", "Trần Tuấn Tâm", "Hà Nội", ["ẩm thực"], [("tiktok", "tam.an", 50_000), ("youtube", "TamEats", 20_000)], [40.0, 91.5], "A"),
    ("kol-2", "Đỗ Cẩm Nga", "Cà Mau", ["mẹ và bé", "giáo dục"], [("facebook", "nga_do", 31_000)], [78.0], "B"),
    ("kol-3", "Ánh Đi Ăn", "Hà Nội", ["ẩm thực"], [("instagram", "anh.food", 900_000)], [66.0], "C"),
    ("kol-4", "Lê 100%_Thật", "Huế", ["làm đẹp"], [("tiktok", "le_that", 1_000)], [55.0], "C"),
]


@pytest.fixture
def factory(db_session_factory):
    with db_session_factory() as s, s.begin():
        for i, (key, name, province, niches, accounts, totals, tier) in enumerate(CREATORS, start=1):
            s.execute(insert(tables.Influencer), [dict(id=i, key=key, name=name, province=province, niches=niches,
                                                       content_hash="x")])
            s.execute(insert(tables.Account), [dict(influencer_id=i, platform=p, platform_id=f"{key}-{p}", handle=h,
                                                    followers=n, content_hash="x") for p, h, n in accounts])
            for total in totals:
                s.add(tables.Assessment(influencer_id=i, created_at=T, methodology_version="2026.1",
                                        methodology_digest="d", total=total, tier=tier, eligible=total > 70,
                                        input_digest="x"))
        refresh_listing(s, range(1, len(CREATORS) + 1))  # rows written directly: refresh the read model
    return db_session_factory


def keys(factory, **kw) -> list[str]:
    return [h.key for h in search_creators(factory, SearchQuery(**kw)).items]


def test_default_sort_is_latest_score_descending(factory):
    assert keys(factory) == ["kol-1", "kol-2", "kol-3", "kol-4"]  # kol-1's latest (91.5), not its first (40)
    page = search_creators(factory, SearchQuery())
    assert page.total == 4 and page.items[0].total == 91.5 and page.items[0].followers == 70_000
    assert page.items[0].platforms == ("tiktok", "youtube")


@pytest.mark.parametrize("q, expected", [
    ("tuan", ["kol-1"]), ("TUẤN", ["kol-1"]), ("do cam", ["kol-2"]), ("đỗ", ["kol-2"]),
    ("ANH.FOOD", ["kol-3"]), ("tameats", ["kol-1"]), ("100%_", ["kol-4"]), ("%", ["kol-4"]), ("_", ["kol-2", "kol-4"]), ("1%t", []), ("zzz", []),
])
def test_name_and_handle_match_without_accents(factory, q, expected):
    assert keys(factory, q=q) == expected


@pytest.mark.parametrize("filters, expected", [
    ({"platform": "tiktok"}, ["kol-1", "kol-4"]),
    ({"niche": "ẩm thực"}, ["kol-1", "kol-3"]),
    ({"niche": "giáo dục"}, ["kol-2"]),
    ({"province": "Hà Nội"}, ["kol-1", "kol-3"]),
    ({"tier": "C"}, ["kol-3", "kol-4"]),
    ({"min_score": 70}, ["kol-1", "kol-2"]),
    ({"min_followers": 30_000, "max_followers": 100_000}, ["kol-1", "kol-2"]),
    ({"max_followers": 1_000}, ["kol-4"]),
    ({"platform": "tiktok", "niche": "ẩm thực", "min_score": 90}, ["kol-1"]),
    ({"certified": True}, []),
    ({"certified": False}, ["kol-1", "kol-2", "kol-3", "kol-4"]),
])
def test_filters(factory, filters, expected):
    assert keys(factory, **filters) == expected


@pytest.mark.parametrize("sort, order, expected", [
    ("followers", None, ["kol-3", "kol-1", "kol-2", "kol-4"]),
    ("followers", "asc", ["kol-4", "kol-2", "kol-1", "kol-3"]),
    ("name", None, ["kol-3", "kol-2", "kol-4", "kol-1"]),  # Ánh, Đỗ, Lê, Trần: sorted without diacritics
    ("score", "asc", ["kol-4", "kol-3", "kol-2", "kol-1"]),
])
def test_sorting(factory, sort, order, expected):
    assert keys(factory, sort=sort, order=order) == expected


def test_pagination_reports_the_total(factory):
    first = search_creators(factory, SearchQuery(per_page=3))
    second = search_creators(factory, SearchQuery(per_page=3, page=2))
    assert (first.total, first.pages, len(first.items)) == (4, 2, 3)
    assert [h.key for h in second.items] == ["kol-4"]
    assert search_creators(factory, SearchQuery(per_page=3, page=9)).items == []


@pytest.mark.parametrize("bad", [{"sort": "evil"}, {"order": "up"}, {"page": 0}, {"per_page": 1000},
                                 {"min_score": 101}, {"min_followers": -1}, {"q": "x" * 101}])
def test_invalid_queries_are_refused(bad):
    with pytest.raises(ValueError):
        SearchQuery(**bad)


def test_nul_characters_do_not_break_the_database(factory):
    assert keys(factory, q="tu\x00an", province="H\x00") == []


def test_facets_list_the_filter_values(factory):
    facets = search_facets(factory)
    assert facets.platforms == ["facebook", "instagram", "tiktok", "youtube"]
    assert facets.provinces == ["Cà Mau", "Hà Nội", "Huế"]
    assert "mẹ và bé" in facets.niches and facets.tiers == ["A", "B", "C"]


def test_facets_are_cached_until_a_creator_or_assessment_is_added(factory):
    first = search_facets(factory)
    first.provinces.append("changed by the caller")
    assert search_facets(factory).provinces == ["Cà Mau", "Hà Nội", "Huế"]  # the cache hands out copies
    with factory() as s, s.begin():
        s.execute(insert(tables.Influencer), [dict(id=9, key="kol-9", name="Mới", province="Đà Nẵng",
                                                   niches=["du lịch"], content_hash="x")])
        s.add(tables.Assessment(influencer_id=9, created_at=T, methodology_version="2026.1", methodology_digest="d",
                                total=10.0, tier="D", eligible=False, input_digest="x"))
    facets = search_facets(factory)
    assert facets.provinces == ["Cà Mau", "Đà Nẵng", "Hà Nội", "Huế"] and facets.tiers == ["A", "B", "C", "D"]
    assert "du lịch" in facets.niches


def test_assessments_written_around_the_services_are_picked_up(factory):
    with factory() as s, s.begin():  # a bulk load: no refresh_listing call
        s.add(tables.Assessment(influencer_id=4, created_at=T, methodology_version="2026.1", methodology_digest="d",
                                total=99.0, tier="A", eligible=True, input_digest="y"))
    page = search_creators(factory, SearchQuery())
    assert [h.key for h in page.items][:1] == ["kol-4"] and page.items[0].total == 99.0 and page.total == 4


@pytest.mark.parametrize("niche, expected", [("Ẩm thực", []), ("ẩm", []), ('"ẩm thực"', []), ("mẹ và bé", ["kol-2"])])
def test_niche_filter_is_exact(factory, niche, expected):
    assert keys(factory, niche=niche) == expected
