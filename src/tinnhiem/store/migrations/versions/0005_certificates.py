"""signing keys and certificates

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tinnhiem.store.types import JSONType, UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signing_key",
        sa.Column("key_id", sa.String(length=100), nullable=False),
        sa.Column("public_pem", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("retired_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_signing_key")),
    )
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("influencer_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("valid_until", UTCDateTime(), nullable=False),
        sa.Column("key_id", sa.String(length=100), nullable=False),
        sa.Column("document", JSONType, nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("log_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"], name=op.f("fk_certificate_assessment_id_assessment"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["influencer_id"], ["influencer.id"], name=op.f("fk_certificate_influencer_id_influencer"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["key_id"], ["signing_key.key_id"], name=op.f("fk_certificate_key_id_signing_key"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("serial", name=op.f("uq_certificate_serial")),
    )
    op.create_index(op.f("ix_certificate_assessment_id"), "certificate", ["assessment_id"], unique=False)
    op.create_index(op.f("ix_certificate_influencer_id"), "certificate", ["influencer_id"], unique=False)


def downgrade() -> None:
    op.drop_table("certificate")
    op.drop_table("signing_key")
