"""SQLAlchemy 2.0 typed ORM: the database schema.

Conventions: singular snake_case table names, constraint names from the naming convention
below (so migrations are deterministic), portable types (:mod:`tinnhiem.store.types`).
Imported content tables carry ``content_hash`` (SHA-256 of the normalised input record) so a
re-import can tell unchanged records without comparing every column.

The initial Alembic migration mirrors this module exactly; ``tests/store/test_migrations.py``
fails when they drift apart. Change both together.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tinnhiem.model import Finding
from tinnhiem.store.types import JSONType, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Imported(Timestamped):
    """Rows that come from canonical import; ``content_hash`` detects changed input."""

    content_hash: Mapped[str] = mapped_column(String(64))


def _fk(target: str, *, ondelete: str | None = "CASCADE", nullable: bool = False, index: bool = True):
    return mapped_column(ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


# --------------------------------------------------------------------------- content


class Influencer(Imported, Base):
    __tablename__ = "influencer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # canonical "id"
    name: Mapped[str] = mapped_column(String(300))
    niches: Mapped[list[str]] = mapped_column(JSONType, default=list)
    province: Mapped[str | None] = mapped_column(String(100))
    bio: Mapped[str | None] = mapped_column(Text)


class Account(Imported, Base):
    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("platform", "platform_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    influencer_id: Mapped[int] = _fk("influencer.id")
    platform: Mapped[str] = mapped_column(String(20))
    platform_id: Mapped[str] = mapped_column(String(200))
    handle: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    followers: Mapped[int | None] = mapped_column(BigInteger)
    bio: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool | None] = mapped_column(Boolean)


class Post(Imported, Base):
    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("platform", "post_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = _fk("account.id")
    platform: Mapped[str] = mapped_column(String(20))
    post_id: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    format: Mapped[str] = mapped_column(String(20), default="video")
    caption: Mapped[str] = mapped_column(Text, default="")
    # list of {"start": float, "end": float, "text": str}; NULL = no transcript available
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType)
    hashtags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    links: Mapped[list[str]] = mapped_column(JSONType, default=list)
    mentions: Mapped[list[str]] = mapped_column(JSONType, default=list)
    paid_partnership: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_s: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(10))
    views: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)


class Comment(Imported, Base):
    __tablename__ = "comment"
    __table_args__ = (UniqueConstraint("platform", "comment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = _fk("post.id")
    platform: Mapped[str] = mapped_column(String(20))
    comment_id: Mapped[str] = mapped_column(String(200))
    author_pseudonym: Mapped[str] = mapped_column(String(16), index=True)  # keyed hash, never raw
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    likes: Mapped[int | None] = mapped_column(BigInteger)
    parent_id: Mapped[str | None] = mapped_column(String(200))


class MetricSnapshot(Imported, Base):
    __tablename__ = "metric_snapshot"
    __table_args__ = (UniqueConstraint("account_id", "observed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = _fk("account.id", index=False)  # leading column of the unique key
    observed_on: Mapped[date] = mapped_column(Date)
    followers: Mapped[int | None] = mapped_column(BigInteger)
    following: Mapped[int | None] = mapped_column(BigInteger)
    posts: Mapped[int | None] = mapped_column(BigInteger)
    views: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)


class AudienceSample(Imported, Base):
    __tablename__ = "audience_sample"
    __table_args__ = (UniqueConstraint("account_id", "sampled_on", "follower_pseudonym"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = _fk("account.id", index=False)  # leading column of the unique key
    sampled_on: Mapped[date] = mapped_column(Date)
    follower_pseudonym: Mapped[str] = mapped_column(String(16))  # keyed hash, never raw
    followers: Mapped[int | None] = mapped_column(BigInteger)
    following: Mapped[int | None] = mapped_column(BigInteger)
    posts: Mapped[int | None] = mapped_column(BigInteger)
    has_profile_pic: Mapped[bool | None] = mapped_column(Boolean)
    is_private: Mapped[bool | None] = mapped_column(Boolean)
    bio_length: Mapped[int | None] = mapped_column(Integer)
    username_digits: Mapped[int | None] = mapped_column(Integer)


class Product(Imported, Base):
    __tablename__ = "product"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    brand: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(40))
    registration_number: Mapped[str | None] = mapped_column(String(200))


class PostProduct(Base):
    """Products a post promotes (canonical ``post.product_ids``)."""

    __tablename__ = "post_product"

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Collaboration(Imported, Base):
    __tablename__ = "collaboration"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    influencer_id: Mapped[int] = _fk("influencer.id")
    brand: Mapped[str] = mapped_column(String(300))
    product_id: Mapped[int | None] = _fk("product.id", ondelete="SET NULL", nullable=True)
    declared_by: Mapped[str] = mapped_column(String(20))
    compensation: Mapped[str | None] = mapped_column(String(20))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)


class CollaborationPost(Base):
    """Posts a collaboration declaration names."""

    __tablename__ = "collaboration_post"

    collaboration_id: Mapped[int] = mapped_column(
        ForeignKey("collaboration.id", ondelete="CASCADE"), primary_key=True
    )
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), primary_key=True, index=True)


class Complaint(Imported, Base):
    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    influencer_id: Mapped[int] = _fk("influencer.id")
    post_id: Mapped[int | None] = _fk("post.id", ondelete="SET NULL", nullable=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    category: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # received | substantiated | unsubstantiated | forwarded | dismissed
    # migration 0008: complaints filed through the web form, and their triage
    source: Mapped[str | None] = mapped_column(String(20), nullable=True)  # NULL = imported | "web"
    post_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(300), nullable=True)  # private: reviewers only
    triage_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    triaged_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


# --------------------------------------------------------------------------- assessments


class Assessment(Base):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    influencer_id: Mapped[int] = _fk("influencer.id", ondelete=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    methodology_version: Mapped[str] = mapped_column(String(40))
    methodology_digest: Mapped[str] = mapped_column(String(100))
    detector_manifest: Mapped[dict[str, str]] = mapped_column(JSONType, default=dict)  # {id: version}
    total: Mapped[float] = mapped_column(Float)
    tier: Mapped[str] = mapped_column(String(40))
    eligible: Mapped[bool] = mapped_column(Boolean)
    gates: Mapped[Any] = mapped_column(JSONType, default=dict)
    summary: Mapped[Any] = mapped_column(JSONType, default=dict)
    input_digest: Mapped[str] = mapped_column(String(100))

    scores: Mapped[list[CriterionScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    findings: Mapped[list[FindingRecord]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    runs: Mapped[list[DetectorRunRecord]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class CriterionScore(Base):
    __tablename__ = "criterion_score"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = _fk("assessment.id", index=False)  # leading column of the unique key
    criterion: Mapped[str] = mapped_column(String(40))
    score: Mapped[float | None] = mapped_column(Float)
    max_points: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20))  # scored | inconclusive
    confidence: Mapped[Any | None] = mapped_column(JSONType)
    coverage: Mapped[Any] = mapped_column(JSONType, default=dict)
    # list of {points, reason_vi, reason_en, detector, finding_ids}
    deductions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)

    assessment: Mapped[Assessment] = relationship(back_populates="scores")


class FindingRecord(Base):
    __tablename__ = "finding"
    __table_args__ = (UniqueConstraint("assessment_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = _fk("assessment.id", index=False)  # leading column of the unique key
    influencer_id: Mapped[int] = _fk("influencer.id", ondelete=None)
    detector: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(40))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_key: Mapped[str] = mapped_column(String(500))
    severity: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    message: Mapped[str] = mapped_column(Text, default="")
    message_en: Mapped[str] = mapped_column(Text, default="")
    legal_source: Mapped[str] = mapped_column(Text, default="")
    rule_confidence: Mapped[str] = mapped_column(String(10), default="")
    remediation: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str | None] = mapped_column(String(40))
    # list of {field, quote, start, end, content_hash, time_s}
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    data: Mapped[Any] = mapped_column(JSONType, default=dict)
    fingerprint: Mapped[str] = mapped_column(String(64))

    assessment: Mapped[Assessment] = relationship(back_populates="findings")


class DetectorRunRecord(Base):
    __tablename__ = "detector_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = _fk("assessment.id")
    detector: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(20))
    examined: Mapped[int] = mapped_column(Integer, default=0)
    not_available: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[int] = mapped_column(Integer, default=0)
    error_messages: Mapped[list[str]] = mapped_column(JSONType, default=list)

    assessment: Mapped[Assessment] = relationship(back_populates="runs")


# --------------------------------------------------------------------------- due process


class ReviewDecision(Base):
    """A reviewer's decision on an automated finding, identified by its fingerprint so it
    applies to every later assessment that finds the same fact. History is kept: the latest
    decision for a fingerprint is the one in force."""

    __tablename__ = "review_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    influencer_id: Mapped[int] = mapped_column(ForeignKey("influencer.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    detector: Mapped[str] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(20))  # confirmed | dismissed
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OwnershipChallenge(Base):
    """A one-time code the creator places in an account's bio or a post to prove they own it."""

    __tablename__ = "ownership_challenge"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    verified_via: Mapped[str | None] = mapped_column(String(300), nullable=True)  # "bio" or "post:<key>"


# --------------------------------------------------------------------------- certificates


class SigningKeyRecord(Base):
    """Public half of every signing key ever used (private halves live in the key folder).
    Retired keys stay: certificates they signed keep verifying after a rotation."""

    __tablename__ = "signing_key"

    key_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    public_pem: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(20))  # production | development
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Certificate(Base):
    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    influencer_id: Mapped[int] = mapped_column(ForeignKey("influencer.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # active | suspended | revoked | expired
    tier: Mapped[str] = mapped_column(String(10))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime())
    key_id: Mapped[str] = mapped_column(ForeignKey("signing_key.key_id", ondelete="RESTRICT"))
    document: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the signed body
    signature: Mapped[str] = mapped_column(Text)
    log_seq: Mapped[int] = mapped_column(BigInteger)


class Appeal(Base):
    """A creator's appeal against a finding, an assessment or a certificate decision."""

    __tablename__ = "appeal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    influencer_id: Mapped[int] = mapped_column(ForeignKey("influencer.id", ondelete="CASCADE"), index=True)
    target_kind: Mapped[str] = mapped_column(String(20))  # finding | assessment | certificate
    target_id: Mapped[str] = mapped_column(String(100))  # fingerprint, assessment id or serial
    statement: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSONType, default=list)
    filed_by: Mapped[str] = mapped_column(String(200))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | upheld | rejected
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


# --------------------------------------------------------------------------- transparency log
# Append-only: migration 0002 installs triggers that make the database itself reject UPDATE
# and DELETE (and TRUNCATE on PostgreSQL) on these three tables.

APPEND_ONLY_TABLES = ("log_entry", "log_subtree", "log_checkpoint")


class LogEntry(Base):
    """One leaf of the RFC 9162 Merkle log; ``body`` is the exact canonical JSON that was hashed."""

    __tablename__ = "log_entry"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # leaf index from 0
    kind: Mapped[str] = mapped_column(String(100), index=True)  # noun.verb/vN
    body: Mapped[str] = mapped_column(Text)
    leaf_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LogSubtree(Base):
    """Root of each complete aligned subtree (2^level leaves from index·2^level): proofs for a
    large log read O(log² n) of these instead of rehashing every leaf."""

    __tablename__ = "log_subtree"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))


class LogCheckpoint(Base):
    """A signed statement of the log's size and root at a moment."""

    __tablename__ = "log_checkpoint"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    root_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    key_id: Mapped[str] = mapped_column(String(100))
    signature: Mapped[str] = mapped_column(Text)


# --------------------------------------------------------------------------- helpers


def evidence_dicts(finding: Finding) -> list[dict[str, Any]]:
    """``Finding.evidence`` as JSON-ready dicts for :attr:`FindingRecord.evidence`."""
    return [
        {
            "field": e.field,
            "quote": e.quote,
            "start": e.start,
            "end": e.end,
            "content_hash": e.content_hash,
            "time_s": e.time_s,
        }
        for e in finding.evidence
    ]


# --------------------------------------------------------------------------- web access (migration 0007)


class WebUser(Base):
    """A login of the web application. Creators are bound to one influencer, brands to one brand."""

    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string
    role: Mapped[str] = mapped_column(String(20))  # creator | brand | reviewer | operator | admin
    influencer_id: Mapped[int | None] = _fk("influencer.id", ondelete="SET NULL", nullable=True)
    brand: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ApiKey(Base):
    """An API key: only its SHA-256 is stored; ``prefix`` (public) names it in lists."""

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = _fk("web_user.id")
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditEvent(Base):
    """One write made through the web application or the API: who, what, when, from where."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(100), index=True)
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    client: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Webhook(Base):
    """A platform's subscription to certification changes; payloads are signed with ``secret``."""

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(100))  # HMAC-SHA256 key shared with the receiver
    owner_id: Mapped[int] = _fk("web_user.id")
    events: Mapped[list[str]] = mapped_column(JSONType, default=list)  # log kinds; empty = every certificate.*
    from_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # first log entry it receives
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WebhookDelivery(Base):
    __tablename__ = "webhook_delivery"
    __table_args__ = (UniqueConstraint("webhook_id", "log_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = _fk("webhook.id", index=False)  # leading column of the unique key
    log_seq: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))  # delivered | failed | gave_up
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Declaration(Base):
    """A collaboration declared through the web application: the :class:`Collaboration` row the
    scoring reads, plus who declared it, the disclosure text shown and the post links given."""

    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int | None] = _fk("web_user.id", ondelete="SET NULL", nullable=True)
    disclosure_text: Mapped[str] = mapped_column(Text, default="")
    post_links: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# --------------------------------------------------------------------------- read models


class CreatorListing(Base):
    """One row per assessed creator: what the public search filters, sorts and shows, kept
    current by ``services.listing.refresh_listing`` (migration 0009)."""

    __tablename__ = "creator_listing"

    influencer_id: Mapped[int] = mapped_column(ForeignKey("influencer.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300), index=True)  # text.fold(name): search and sort
    handles: Mapped[list[str]] = mapped_column(JSONType, default=list)  # by platform, then handle
    handles_folded: Mapped[str] = mapped_column(Text, default="")  # folded handles, "\x1f"-separated
    platforms: Mapped[list[str]] = mapped_column(JSONType, default=list)
    niches: Mapped[list[str]] = mapped_column(JSONType, default=list)
    province: Mapped[str | None] = mapped_column(String(100), index=True)
    assessment_id: Mapped[int] = mapped_column(Integer, index=True)  # the latest assessment
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    total: Mapped[float] = mapped_column(Float, index=True)
    tier: Mapped[str] = mapped_column(String(40), index=True)
    eligible: Mapped[bool] = mapped_column(Boolean)
    follower_total: Mapped[int] = mapped_column(BigInteger, index=True)
    certificate_serial: Mapped[str | None] = mapped_column(String(40))  # newest not superseded
    certificate_status: Mapped[str | None] = mapped_column(String(20))
    certified: Mapped[bool] = mapped_column(Boolean, index=True)  # holds an active certificate
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
