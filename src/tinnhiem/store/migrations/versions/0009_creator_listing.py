"""creator listing: one row per assessed creator for the public search (read model)

Backfilled here from the existing rows, so databases built before it are searchable at once.
On PostgreSQL with ``pg_trgm`` available, trigram indexes serve the accent-insensitive
``LIKE '%…%'`` on the folded name and handles (skipped when the extension cannot be created).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from tinnhiem import text
from tinnhiem.store.types import JSONType, UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "creator_listing"
INDEXED = ("key", "name_folded", "province", "assessment_id", "total", "tier", "follower_total", "certified")
TRIGRAM_INDEXES = {"ix_creator_listing_trgm_name": "name_folded", "ix_creator_listing_trgm_handles": "handles_folded"}
SEPARATOR = "\x1f"  # services.listing.HANDLE_SEPARATOR


def _create_table() -> None:
    op.create_table(
        TABLE,
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=300), nullable=False),
        sa.Column("handles", JSONType, nullable=False),
        sa.Column("handles_folded", sa.Text(), nullable=False),
        sa.Column("platforms", JSONType, nullable=False),
        sa.Column("niches", JSONType, nullable=False),
        sa.Column("province", sa.String(length=100), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("assessed_at", UTCDateTime(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("follower_total", sa.BigInteger(), nullable=False),
        sa.Column("certificate_serial", sa.String(length=40), nullable=True),
        sa.Column("certificate_status", sa.String(length=20), nullable=True),
        sa.Column("certified", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["influencer_id"], ["influencer.id"], ondelete="CASCADE",
                                name="fk_creator_listing_influencer_id_influencer"),
        sa.PrimaryKeyConstraint("influencer_id", name="pk_creator_listing"),
    )
    for column in INDEXED:
        op.create_index(f"ix_creator_listing_{column}", TABLE, [column])


def _trigram_indexes(bind) -> None:
    if bind.dialect.name != "postgresql":
        return
    if not bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first():
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, column in TRIGRAM_INDEXES.items():
                bind.exec_driver_sql(f"CREATE INDEX {name} ON {TABLE} USING gin ({column} gin_trgm_ops)")
    except sa.exc.DBAPIError:  # no privilege to create the extension: LIKE scans the (small) table
        pass


_TYPES = {"handles": JSONType, "platforms": JSONType, "niches": JSONType, "assessed_at": UTCDateTime(),
          "updated_at": UTCDateTime(), "created_at": UTCDateTime(), "eligible": sa.Boolean(),
          "certified": sa.Boolean()}


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c, _TYPES.get(c)) for c in columns))


def _source(bind) -> tuple[dict, dict, dict, list]:
    a = _table("assessment", "id", "influencer_id", "created_at", "total", "tier", "eligible")
    newest = sa.select(sa.func.max(a.c.id)).group_by(a.c.influencer_id).scalar_subquery()
    latest = {r.influencer_id: r for r in bind.execute(sa.select(a).where(a.c.id.in_(newest)))}
    acc = _table("account", "influencer_id", "platform", "handle", "followers")
    accounts: dict[int, list] = defaultdict(list)
    for r in bind.execute(sa.select(acc).order_by(acc.c.platform, acc.c.handle)):
        accounts[r.influencer_id].append(r)
    cert = _table("certificate", "id", "influencer_id", "serial", "status", "issued_at")
    certs: dict[int, tuple] = {}
    for r in bind.execute(sa.select(cert).order_by(cert.c.issued_at, cert.c.id)):
        serial, status, active = certs.get(r.influencer_id, (None, None, False))
        if r.status != "superseded":
            serial, status = r.serial, r.status
        certs[r.influencer_id] = (serial, status, active or r.status == "active")
    influencers = bind.execute(sa.select(_table("influencer", "id", "key", "name", "province", "niches"))).all()
    return latest, accounts, certs, influencers


def _row(inf, a, accs: list, cert: tuple, now: datetime) -> dict:
    serial, status, active = cert
    return {
        "influencer_id": inf.id, "key": inf.key, "name": inf.name, "name_folded": text.fold(inf.name),
        "handles": [r.handle for r in accs], "handles_folded": SEPARATOR.join(text.fold(r.handle) for r in accs),
        "platforms": sorted({r.platform for r in accs}), "niches": list(inf.niches or []), "province": inf.province,
        "assessment_id": a.id, "assessed_at": a.created_at, "total": a.total, "tier": a.tier,
        "eligible": bool(a.eligible), "follower_total": sum(int(r.followers or 0) for r in accs),
        "certificate_serial": serial, "certificate_status": status, "certified": active, "updated_at": now,
    }


def _backfill(bind) -> None:
    latest, accounts, certs, influencers = _source(bind)
    now = datetime.now(timezone.utc)
    rows = [_row(inf, latest[inf.id], accounts.get(inf.id, []), certs.get(inf.id, (None, None, False)), now)
            for inf in influencers if inf.id in latest]
    if rows:
        table = _table(TABLE, *rows[0])
        for i in range(0, len(rows), 1000):
            bind.execute(table.insert(), rows[i:i + 1000])


def upgrade() -> None:
    _create_table()
    bind = op.get_bind()
    _backfill(bind)
    _trigram_indexes(bind)


def downgrade() -> None:
    op.drop_table(TABLE)
