"""The creator listing: one row per assessed creator, the read model of the public search.

The registry search filters and sorts 10,000 creators on their *latest* assessment, follower
total, accounts and certificate. Computing those per request costs tens of milliseconds (and
seconds on PostgreSQL for accent-insensitive names), so the services that change them keep a
``creator_listing`` row per creator current instead, inside their own transactions:

- storing an assessment (``services.assess.store_assessment``),
- issuing a certificate (``services.certify``), changing its status (``services.lifecycle``).

Search calls :func:`catch_up` first, which picks up assessments written without the services
(bulk loads, fixtures): the newest assessment id against the newest listed one.

:func:`refresh_listing` recomputes the rows of some creators from the source tables (a
creator without any assessment has no row); :func:`rebuild_listing` recomputes all of them.
Names and handles are stored folded with :func:`tinnhiem.text.fold` so that search can match
them accent-insensitively with a plain ``LIKE`` on both databases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from tinnhiem import text
from tinnhiem.store import tables

#: Separates the folded handles of one creator in ``handles_folded`` (never typed in a search).
HANDLE_SEPARATOR = "\x1f"
CHUNK = 500


def _latest_assessments(session: Session, ids: list[int]) -> dict[int, tables.Assessment]:
    a = tables.Assessment
    latest = (select(func.max(a.id)).where(a.influencer_id.in_(ids)).group_by(a.influencer_id)).scalar_subquery()
    return {row.influencer_id: row for row in session.scalars(select(a).where(a.id.in_(latest)))}


def _accounts(session: Session, ids: list[int]) -> dict[int, list[tuple[str, str, int]]]:
    acc = tables.Account
    out: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    stmt = (select(acc.influencer_id, acc.platform, acc.handle, acc.followers).where(acc.influencer_id.in_(ids))
            .order_by(acc.platform, acc.handle))
    for iid, platform, handle, followers in session.execute(stmt):
        out[iid].append((platform, handle, int(followers or 0)))
    return out


def _certificates(session: Session, ids: list[int]) -> dict[int, tuple[str | None, str | None, bool]]:
    """(serial, status) of the newest certificate that is not superseded, and whether any is active."""
    c = tables.Certificate
    out: dict[int, tuple[str | None, str | None, bool]] = {}
    stmt = select(c.influencer_id, c.serial, c.status).where(c.influencer_id.in_(ids)).order_by(c.issued_at, c.id)
    for iid, serial, status in session.execute(stmt):
        current_serial, current_status, active = out.get(iid, (None, None, False))
        if status != "superseded":
            current_serial, current_status = serial, status
        out[iid] = (current_serial, current_status, active or status == "active")
    return out


def listing_rows(session: Session, influencer_ids: list[int]) -> list[dict[str, Any]]:
    """The ``creator_listing`` rows of these creators, computed from the source tables."""
    latest = _latest_assessments(session, influencer_ids)
    if not latest:
        return []
    ids = sorted(latest)
    accounts, certs = _accounts(session, ids), _certificates(session, ids)
    now = datetime.now(timezone.utc)
    rows = []
    for inf in session.scalars(select(tables.Influencer).where(tables.Influencer.id.in_(ids))):
        a, accs = latest[inf.id], accounts.get(inf.id, [])
        serial, status, active = certs.get(inf.id, (None, None, False))
        handles = [h for _, h, _ in accs]
        rows.append({
            "influencer_id": inf.id, "key": inf.key, "name": inf.name, "name_folded": text.fold(inf.name),
            "handles": handles, "handles_folded": HANDLE_SEPARATOR.join(text.fold(h) for h in handles),
            "platforms": sorted({p for p, _, _ in accs}), "niches": list(inf.niches or []), "province": inf.province,
            "assessment_id": a.id, "assessed_at": a.created_at, "total": a.total, "tier": a.tier,
            "eligible": bool(a.eligible), "follower_total": sum(n for _, _, n in accs),
            "certificate_serial": serial, "certificate_status": status, "certified": active, "updated_at": now,
        })
    return rows


def refresh_listing(session: Session, influencer_ids: Iterable[int]) -> int:
    """Recompute the listing rows of these creators inside the caller's transaction; the
    number of rows written."""
    ids = sorted(set(influencer_ids))
    written = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        rows = listing_rows(session, chunk)
        session.execute(delete(tables.CreatorListing).where(tables.CreatorListing.influencer_id.in_(chunk)))
        if rows:
            session.execute(insert(tables.CreatorListing), rows)
        written += len(rows)
    return written


def catch_up(session: Session) -> int:
    """Refresh the creators assessed after the newest assessment the listing holds: rows that
    bulk loads or scripts wrote without the services (two index reads when nothing is missing)."""
    a, listing = tables.Assessment, tables.CreatorListing
    newest = session.scalar(select(func.max(a.id)))
    listed = session.scalar(select(func.max(listing.assessment_id)))
    if newest is None or (listed is not None and listed >= newest):
        return 0
    ids = session.scalars(select(a.influencer_id).where(a.id > (listed or 0)).distinct()).all()
    return refresh_listing(session, ids)


def rebuild_listing(session: Session) -> int:
    """Recompute the listing of every creator (after bulk loads that bypass the services)."""
    ids = session.scalars(select(tables.Influencer.id).order_by(tables.Influencer.id)).all()
    session.execute(delete(tables.CreatorListing))
    return refresh_listing(session, ids)
