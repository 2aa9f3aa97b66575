"""Use case: search creators over their latest assessments (the public registry).

Every filter and the sort run in SQL, so a page costs a few indexed queries whatever the
number of creators. Name and handle matching is accent-insensitive with
:func:`tinnhiem.text.fold` semantics on both databases: SQLite gets ``fold`` as a SQL function
on the connection, PostgreSQL the same character mapping through ``translate()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import ColumnElement, exists, func, literal, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem import text
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


# --------------------------------------------------------------------------- folding in SQL


@lru_cache(maxsize=1)
def _translate_maps() -> tuple[str, str]:
    """The characters :func:`text.fold` changes, and what it changes them to (1:1)."""
    src, dst = [], []
    for rng in (range(0x41, 0x250), range(0x1E00, 0x1F00)):
        for cp in rng:
            ch = chr(cp)
            folded = text.fold(ch)
            if folded != ch and len(folded) == 1:
                src.append(ch)
                dst.append(folded)
    return "".join(src), "".join(dst)


def _fold_sql(value: str | None) -> str | None:
    return None if value is None else text.fold(value)


def prepare(session: Session) -> str:
    """Make the fold SQL function available on this session's connection; the dialect name."""
    conn = session.connection()
    name = conn.dialect.name
    if name == "sqlite":
        conn.connection.driver_connection.create_function("tn_fold", 1, _fold_sql, deterministic=True)
    return name


def folded(column, dialect: str) -> ColumnElement:
    if dialect == "sqlite":
        return func.tn_fold(column)
    src, dst = _translate_maps()
    return func.lower(func.translate(column, src, dst))


def _like_pattern(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --------------------------------------------------------------------------- the query


def _latest() -> object:
    return (select(tables.Assessment.influencer_id, func.max(tables.Assessment.id).label("aid"))
            .group_by(tables.Assessment.influencer_id).subquery("latest"))


def _follower_totals() -> object:
    return (select(tables.Account.influencer_id, func.sum(func.coalesce(tables.Account.followers, 0)).label("n"))
            .group_by(tables.Account.influencer_id).subquery("reach"))


def _has_niche(niche: str, dialect: str) -> ColumnElement:
    if dialect == "postgresql":
        return type_coerce(tables.Influencer.niches, JSONB).contains([niche])
    each = func.json_each(tables.Influencer.niches).table_valued("value")
    return exists(select(literal(1)).select_from(each).where(each.c.value == niche))


def _text(value: str | None) -> str:
    """NFC, without NUL characters (PostgreSQL refuses them in text)."""
    return text.nfc((value or "").replace("\x00", ""))


def _filters(query: SearchQuery, dialect: str, followers) -> list[ColumnElement]:
    a, inf, acc = tables.Assessment, tables.Influencer, tables.Account
    where: list[ColumnElement] = []
    q = text.fold(_text(query.q)).strip()
    if q:
        pattern = _like_pattern(q)
        handle = exists(select(literal(1)).where(acc.influencer_id == inf.id,
                                                 folded(acc.handle, dialect).like(pattern, escape="\\")))
        where.append(or_(folded(inf.name, dialect).like(pattern, escape="\\"), handle, inf.key == _text(query.q)))
    if query.platform:
        where.append(exists(select(literal(1)).where(acc.influencer_id == inf.id, acc.platform == _text(query.platform))))
    if query.niche:
        where.append(_has_niche(_text(query.niche), dialect))
    if query.province:
        where.append(inf.province == _text(query.province))
    if query.tier:
        where.append(a.tier == _text(query.tier))
    if query.min_score is not None:
        where.append(a.total >= query.min_score)
    if query.min_followers is not None:
        where.append(followers >= query.min_followers)
    if query.max_followers is not None:
        where.append(followers <= query.max_followers)
    if query.certified is not None:
        active = exists(select(literal(1)).where(tables.Certificate.influencer_id == inf.id,
                                                 tables.Certificate.status == "active"))
        where.append(active if query.certified else ~active)
    return where


def _order(query: SearchQuery, dialect: str, followers) -> list:
    a, inf = tables.Assessment, tables.Influencer
    primary = {"score": a.total, "followers": followers, "name": folded(inf.name, dialect)}[query.sort]
    return [primary.desc() if query.descending else primary.asc(), inf.key.asc()]


def search_creators(factory: sessionmaker[Session], query: SearchQuery) -> SearchPage:
    """One page of creators matching ``query`` (latest assessment of each), with the total."""
    a, inf = tables.Assessment, tables.Influencer
    with factory() as session:
        dialect = prepare(session)
        latest, reach = _latest(), _follower_totals()
        followers = func.coalesce(reach.c.n, 0)
        base = (select(inf.id, inf.key, inf.name, inf.province, inf.niches, a.total, a.tier, a.eligible,
                       a.created_at, followers.label("followers"))
                .join(latest, latest.c.influencer_id == inf.id).join(a, a.id == latest.c.aid)
                .outerjoin(reach, reach.c.influencer_id == inf.id)
                .where(*_filters(query, dialect, followers)))
        # one pass: the window count gives the total along with the page
        rows = session.execute(base.add_columns(func.count().over().label("matches"))
                               .order_by(*_order(query, dialect, followers))
                               .limit(query.per_page).offset((query.page - 1) * query.per_page)).all()
        total = rows[0].matches if rows else (
            session.scalar(select(func.count()).select_from(base.subquery())) if query.page > 1 else 0)
        details = _page_details(session, [r.id for r in rows])
        items = [_hit(r, details.get(r.id, {})) for r in rows]
    return SearchPage(items=items, total=total or 0, page=query.page, per_page=query.per_page, query=query)


def _page_details(session: Session, ids: list[int]) -> dict[int, dict]:
    """Accounts and the current certificate of the creators on one page (two queries)."""
    out: dict[int, dict] = {i: {"platforms": set(), "handles": [], "cert": None} for i in ids}
    if not ids:
        return out
    accounts = select(tables.Account.influencer_id, tables.Account.platform, tables.Account.handle).where(
        tables.Account.influencer_id.in_(ids)).order_by(tables.Account.platform, tables.Account.handle)
    for iid, platform, handle in session.execute(accounts):
        out[iid]["platforms"].add(platform)
        out[iid]["handles"].append(handle)
    certs = select(tables.Certificate.influencer_id, tables.Certificate.serial, tables.Certificate.status).where(
        tables.Certificate.influencer_id.in_(ids)).order_by(tables.Certificate.issued_at, tables.Certificate.id)
    for iid, serial, status in session.execute(certs):
        if status != "superseded":
            out[iid]["cert"] = (serial, status)
    return out


def _hit(row, detail: dict) -> CreatorHit:
    serial, status = detail.get("cert") or (None, None)
    return CreatorHit(
        key=row.key, name=row.name, province=row.province, niches=tuple(row.niches or ()),
        platforms=tuple(sorted(detail.get("platforms", ()))), handles=tuple(detail.get("handles", ())),
        followers=int(row.followers or 0), total=round(row.total, 2), tier=row.tier, eligible=bool(row.eligible),
        assessed_at=row.created_at.isoformat(), certificate_serial=serial, certificate_status=status,
    )


@dataclass(frozen=True)
class Facets:
    platforms: list[str]
    niches: list[str]
    provinces: list[str]
    tiers: list[str]


def search_facets(factory: sessionmaker[Session]) -> Facets:
    """The values the filters can take (for the search form's select lists)."""
    with factory() as session:
        platforms = session.scalars(select(tables.Account.platform).distinct()).all()
        provinces = session.scalars(select(tables.Influencer.province).where(
            tables.Influencer.province.is_not(None)).distinct()).all()
        tiers = session.scalars(select(tables.Assessment.tier).distinct()).all()
        niches = {n for row in session.scalars(select(tables.Influencer.niches)) for n in (row or [])}
    by_fold = lambda s: (text.fold(s), s)  # noqa: E731 - Vietnamese order without diacritics
    return Facets(platforms=sorted(platforms), niches=sorted(niches, key=by_fold),
                  provinces=sorted(provinces, key=by_fold), tiers=sorted(tiers))
