"""Use case: search creators over their latest assessments (the public registry).

Search reads one table, the ``creator_listing`` read model (one row per assessed creator,
kept current by the services that change it: :mod:`tinnhiem.services.listing`), so a page is
one indexed query plus a count whatever the number of creators. Name and handle matching is
accent-insensitive with :func:`tinnhiem.text.fold` semantics on both databases: the listing
stores the folded name and handles, the query is folded the same way and matched with ``LIKE``.
The filter lists (:func:`search_facets`) are cached per process until their inputs change.
"""

from __future__ import annotations

import json
import time
import weakref
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, exists, func, literal, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import text
from tinnhiem.services.listing import HANDLE_SEPARATOR, catch_up
from tinnhiem.store import tables

SORTS = ("score", "followers", "name")
ORDERS = ("asc", "desc")
MAX_PER_PAGE = 100
MAX_QUERY_CHARS = 100
MAX_FOLLOWERS = 10**12
MAX_PAGE = 100_000


@dataclass(frozen=True)
class SearchQuery:
    q: str | None = None
    platform: str | None = None
    niche: str | None = None
    province: str | None = None
    tier: str | None = None
    min_score: float | None = None
    min_followers: int | None = None
    max_followers: int | None = None
    certified: bool | None = None
    sort: str = "score"
    order: str | None = None  # default: desc for score/followers, asc for name
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        if self.order is not None and self.order not in ORDERS:
            raise ValueError("order must be asc or desc")
        if self.page < 1 or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"page ≥ 1 and 1 ≤ per_page ≤ {MAX_PER_PAGE}")
        if self.q is not None and len(self.q) > MAX_QUERY_CHARS:
            raise ValueError(f"the search text is limited to {MAX_QUERY_CHARS} characters")
        if self.min_score is not None and not 0 <= self.min_score <= 100:
            raise ValueError("min_score must be between 0 and 100")
        for n in (self.min_followers, self.max_followers):
            if n is not None and not 0 <= n <= MAX_FOLLOWERS:
                raise ValueError(f"follower bounds must be between 0 and {MAX_FOLLOWERS}")
        if self.page > MAX_PAGE:
            raise ValueError(f"page must be at most {MAX_PAGE}")

    @property
    def descending(self) -> bool:
        return (self.order or ("asc" if self.sort == "name" else "desc")) == "desc"


@dataclass(frozen=True)
class CreatorHit:
    key: str
    name: str
    province: str | None
    niches: tuple[str, ...]
    platforms: tuple[str, ...]
    handles: tuple[str, ...]
    followers: int
    total: float
    tier: str
    eligible: bool
    assessed_at: str
    certificate_serial: str | None = None
    certificate_status: str | None = None


@dataclass(frozen=True)
class SearchPage:
    items: list[CreatorHit]
    total: int
    page: int
    per_page: int
    query: SearchQuery = field(repr=False, default_factory=SearchQuery)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# --------------------------------------------------------------------------- the query


def _like_pattern(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column, value: str, dialect: str) -> ColumnElement:
    """The JSON list in ``column`` holds ``value``. SQLite: the stored JSON text contains the
    value as the serializer writes it (``"value"``, the quotes delimiting one element) — exact
    for values without ``"``, ``\\`` or ``,``; ``json_each`` confirms the others."""
    if dialect == "postgresql":
        return type_coerce(column, JSONB).contains([value])
    found = func.instr(column, json.dumps(value)) > 0
    if not any(ch in value for ch in '"\\,'):
        return found
    each = func.json_each(column).table_valued("value")
    return and_(found, exists(select(literal(1)).select_from(each).where(each.c.value == value)))


def _text(value: str | None) -> str:
    """NFC, without NUL characters (PostgreSQL refuses them in text)."""
    return text.nfc((value or "").replace("\x00", ""))


def _name_match(query: SearchQuery) -> ColumnElement | None:
    """Accent-insensitive name or handle match (folded query, folded stored columns), or the key."""
    L = tables.CreatorListing
    q = text.fold(_text(query.q)).strip()
    if not q:
        return None
    pattern = _like_pattern(q)
    matches = [L.name_folded.like(pattern, escape="\\"), L.key == _text(query.q)]
    if HANDLE_SEPARATOR not in q:  # a match must lie within one handle
        matches.append(L.handles_folded.like(pattern, escape="\\"))
    return or_(*matches)


def _filters(query: SearchQuery, dialect: str) -> list[ColumnElement]:
    L = tables.CreatorListing
    where: list[ColumnElement] = []
    name = _name_match(query)
    if name is not None:
        where.append(name)
    if query.platform:
        where.append(_contains(L.platforms, _text(query.platform), dialect))
    if query.niche:
        where.append(_contains(L.niches, _text(query.niche), dialect))
    for column, value in ((L.province, query.province), (L.tier, query.tier)):
        if value:
            where.append(column == _text(value))
    if query.min_score is not None:
        where.append(L.total >= query.min_score)
    if query.min_followers is not None:
        where.append(L.follower_total >= query.min_followers)
    if query.max_followers is not None:
        where.append(L.follower_total <= query.max_followers)
    if query.certified is not None:
        where.append(L.certified.is_(query.certified))
    return where


def _order(query: SearchQuery) -> list:
    L = tables.CreatorListing
    primary = {"score": L.total, "followers": L.follower_total, "name": L.name_folded}[query.sort]
    return [primary.desc() if query.descending else primary.asc(), L.key.asc()]


def search_creators(factory: sessionmaker[Session], query: SearchQuery) -> SearchPage:
    """One page of creators matching ``query`` (latest assessment of each), with the total.

    Reads only the ``creator_listing`` read model (:mod:`tinnhiem.services.listing`)."""
    L = tables.CreatorListing
    offset = (query.page - 1) * query.per_page
    _catch_up(factory)
    with factory() as session:
        where = _filters(query, session.get_bind().dialect.name)
        rows = session.scalars(select(L).where(*where).order_by(*_order(query))
                               .limit(query.per_page).offset(offset)).all()
        if rows and len(rows) < query.per_page:
            total = offset + len(rows)  # the last page: no need to count
        else:
            total = session.scalar(select(func.count()).select_from(L).where(*where)) or 0
        items = [_hit(r) for r in rows]
    return SearchPage(items=items, total=total, page=query.page, per_page=query.per_page, query=query)


def _catch_up(factory: sessionmaker[Session]) -> None:
    """Bring the listing up to date with assessments written around the services (rare)."""
    try:
        with factory() as session, session.begin():
            catch_up(session)
    except (IntegrityError, OperationalError):  # a concurrent request is refreshing the same rows
        pass


def _hit(row: tables.CreatorListing) -> CreatorHit:
    return CreatorHit(
        key=row.key, name=row.name, province=row.province, niches=tuple(row.niches or ()),
        platforms=tuple(row.platforms or ()), handles=tuple(row.handles or ()), followers=int(row.follower_total),
        total=round(row.total, 2), tier=row.tier, eligible=bool(row.eligible), assessed_at=row.assessed_at.isoformat(),
        certificate_serial=row.certificate_serial, certificate_status=row.certificate_status,
    )


@dataclass(frozen=True)
class Facets:
    platforms: list[str]
    niches: list[str]
    provinces: list[str]
    tiers: list[str]


_FACETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → (version, expires, Facets)
FACETS_TTL_S = 60.0


def _facets_version(session: Session) -> tuple:
    """Changes when creators, accounts or assessments are added (three index reads). A
    re-import that only edits a creator's niches or province shows after the next assessment
    or :data:`FACETS_TTL_S` seconds, whichever comes first."""
    newest = [select(func.max(t.id)).scalar_subquery()
              for t in (tables.Influencer, tables.Account, tables.Assessment)]
    return tuple(session.execute(select(*newest)).one())


def _compute_facets(session: Session) -> Facets:
    platforms = session.scalars(select(tables.Account.platform).distinct()).all()
    provinces = session.scalars(select(tables.Influencer.province).where(
        tables.Influencer.province.is_not(None)).distinct()).all()
    tiers = session.scalars(select(tables.Assessment.tier).distinct()).all()
    niches = {n for row in session.scalars(select(tables.Influencer.niches)) for n in (row or [])}
    by_fold = lambda s: (text.fold(s), s)  # noqa: E731 - Vietnamese order without diacritics
    return Facets(platforms=sorted(platforms), niches=sorted(niches, key=by_fold),
                  provinces=sorted(provinces, key=by_fold), tiers=sorted(tiers))


def search_facets(factory: sessionmaker[Session]) -> Facets:
    """The values the filters can take (for the search form's select lists); cached per
    process and database until :func:`_facets_version` changes or the cache is a minute old."""
    with factory() as session:
        engine, now = session.get_bind(), time.monotonic()
        version = _facets_version(session)
        cached = _FACETS.get(engine)
        if cached is None or cached[0] != version or cached[1] < now:
            cached = _FACETS[engine] = (version, now + FACETS_TTL_S, _compute_facets(session))
    f = cached[2]  # copies: callers may change their lists
    return Facets(platforms=list(f.platforms), niches=list(f.niches), provinces=list(f.provinces), tiers=list(f.tiers))
