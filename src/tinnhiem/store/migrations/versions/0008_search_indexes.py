"""public web: complaint form and triage columns

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tinnhiem.store.types import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMPLAINT_COLUMNS = (
    ("source", sa.String(length=20)),
    ("post_url", sa.String(length=2000)),
    ("contact", sa.String(length=300)),
    ("triage_reason", sa.Text()),
    ("triaged_by", sa.String(length=200)),
    ("triaged_at", UTCDateTime()),
)


def upgrade() -> None:
    for name, type_ in COMPLAINT_COLUMNS:
        op.add_column("complaint", sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaint") as batch:
        for name, _ in reversed(COMPLAINT_COLUMNS):
            batch.drop_column(name)
