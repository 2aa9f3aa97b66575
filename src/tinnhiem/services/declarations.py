"""Use cases of collaboration declarations made through the web application.

A declaration is a :class:`~tinnhiem.store.tables.Collaboration` (what scoring reads, exactly
as if it had been imported) plus a :class:`~tinnhiem.store.tables.Declaration` row: who
declared it, the disclosure text shown to the audience and the post links given. Links that
name an imported post of the creator (its URL, or ``<platform>:<post id>``) are linked to it.

Visibility: a brand sees the declarations that carry its brand name, a creator those about
themselves, reviewers, operators and admins all of them. Every declaration is audited in the
same transaction.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.services.audit import record_event
from tinnhiem.store import tables

if TYPE_CHECKING:  # the caller as the web layer knows it (role, user id, influencer key, brand)
    from tinnhiem.api.deps import Principal

COMPENSATIONS = ("paid", "gifted", "affiliate", "other")
MAX_LINKS = 20
DECLARERS = {"brand": "brand", "creator": "creator", "operator": "operator", "admin": "operator"}
READERS = ("reviewer", "operator", "admin")


def declare_collaboration(factory: sessionmaker[Session], *, principal: Principal, influencer_key: str, brand: str,
                          start_on: str | date, end_on: str | date | None = None, disclosure_text: str = "",
                          post_links: list[str] | None = None, compensation: str | None = None,
                          client: str | None = None) -> dict[str, Any]:
    """Record a declaration; a creator declares only about themselves, a brand only as itself."""
    role = principal.role.value
    if role not in DECLARERS:
        raise PermissionError("only brands, creators and operators declare collaborations")
    if role == "creator" and influencer_key != principal.influencer_key:
        raise PermissionError("a creator declares only their own collaborations")
    brand = (principal.brand if role == "brand" else brand or "").strip()
    start, end = _date(start_on, "start_on"), _date(end_on, "end_on") if end_on else None
    links = [link.strip() for link in (post_links or []) if link and link.strip()]
    _check(brand, start, end, links, compensation, disclosure_text)
    with factory() as session, session.begin():
        inf = session.scalars(select(tables.Influencer).filter_by(key=influencer_key)).first()
        if inf is None:
            raise LookupError(f"no influencer {influencer_key!r}")
        posts = _matching_posts(session, inf.id, links)
        record = {"kind": "collaboration", "id": f"web-{secrets.token_hex(8)}", "influencer_id": influencer_key,
                  "brand": brand, "declared_by": DECLARERS[role], "compensation": compensation,
                  "start_on": start.isoformat(), "end_on": end.isoformat() if end else None}
        collab = tables.Collaboration(key=record["id"], influencer_id=inf.id, brand=brand, product_id=None,
                                      declared_by=record["declared_by"], compensation=compensation, start_on=start,
                                      end_on=end, content_hash=_hash(record))
        session.add(collab)
        session.flush()
        session.add_all(tables.CollaborationPost(collaboration_id=collab.id, post_id=p) for p in posts)
        row = tables.Declaration(collaboration_id=collab.id, user_id=principal.user_id,
                                 disclosure_text=disclosure_text.strip(), post_links=links)
        session.add(row)
        session.flush()
        record_event(session, actor=principal.actor, role=role, action="declaration.created",
                     target_kind="declaration", target_id=row.id, client=client,
                     detail={"influencer": influencer_key, "brand": brand, "posts_linked": len(posts)})
        return _as_dict(row, collab, inf, username=principal.username, linked=len(posts))


def list_declarations(factory: sessionmaker[Session], *, principal: Principal, limit: int = 200) -> list[dict[str, Any]]:
    """The declarations this caller may see, newest first (imported ones included)."""
    with factory() as session:
        stmt = (select(tables.Collaboration, tables.Influencer, tables.Declaration, tables.WebUser.username)
                .join(tables.Influencer, tables.Influencer.id == tables.Collaboration.influencer_id)
                .outerjoin(tables.Declaration, tables.Declaration.collaboration_id == tables.Collaboration.id)
                .outerjoin(tables.WebUser, tables.WebUser.id == tables.Declaration.user_id)
                .order_by(tables.Collaboration.start_on.desc(), tables.Collaboration.id.desc())
                .limit(max(1, min(limit, 1000))))
        stmt = _visible(stmt, principal)
        if stmt is None:
            return []
        out = []
        for collab, inf, row, username in session.execute(stmt):
            linked = len(session.scalars(select(tables.CollaborationPost.post_id)
                                         .filter_by(collaboration_id=collab.id)).all())
            out.append(_as_dict(row, collab, inf, username=username, linked=linked))
        return out


def _visible(stmt, principal: Principal):
    role = principal.role.value
    if role == "brand":
        return stmt.where(tables.Collaboration.brand == (principal.brand or "")) if principal.brand else None
    if role == "creator":
        return stmt.where(tables.Influencer.key == principal.influencer_key) if principal.influencer_key else None
    if role in READERS:
        return stmt
    return None


def _matching_posts(session: Session, influencer_id: int, links: list[str]) -> list[int]:
    if not links:
        return []
    pairs = [link.partition(":")[::2] for link in links if ":" in link and "/" not in link]
    conditions = [tables.Post.url.in_(links)]
    conditions += [(tables.Post.platform == p) & (tables.Post.post_id == pid) for p, pid in pairs]
    rows = session.scalars(select(tables.Post.id).join(tables.Account, tables.Account.id == tables.Post.account_id)
                           .where(tables.Account.influencer_id == influencer_id, or_(*conditions)))
    return sorted(set(rows))


def _check(brand: str, start: date, end: date | None, links: list[str], compensation: str | None, text: str) -> None:
    if not brand or len(brand) > 300:
        raise ValueError("a declaration names the brand (1-300 characters)")
    if end is not None and end < start:
        raise ValueError("end_on is before start_on")
    if len(links) > MAX_LINKS or any(len(link) > 2000 for link in links):
        raise ValueError(f"at most {MAX_LINKS} post links of at most 2000 characters")
    if compensation is not None and compensation not in COMPENSATIONS:
        raise ValueError(f"compensation must be one of {', '.join(COMPENSATIONS)}")
    if len(text) > 2000:
        raise ValueError("the disclosure text has at most 2000 characters")


def _date(value: str | date, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"{name} must be a date YYYY-MM-DD") from None


def _hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _as_dict(row: tables.Declaration | None, collab: tables.Collaboration, inf: tables.Influencer, *,
             username: str | None, linked: int) -> dict[str, Any]:
    return {
        "id": row.id if row is not None else None, "key": collab.key, "influencer_key": inf.key,
        "influencer_name": inf.name, "brand": collab.brand, "declared_by": collab.declared_by,
        "declared_by_user": username, "compensation": collab.compensation, "start_on": collab.start_on,
        "end_on": collab.end_on, "disclosure_text": row.disclosure_text if row is not None else "",
        "post_links": list(row.post_links) if row is not None else [], "posts_linked": linked,
        "source": "web" if row is not None else "import",
    }
