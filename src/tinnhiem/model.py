"""Frozen value objects shared by detectors, the engine, scoring and services.

No I/O here. Detectors receive *views* (what they may look at) and return ``Finding``s;
the engine wraps them with coverage (``DetectorRun``). Services build views from the
database and store findings back; scoring turns findings into points.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Platform = Literal["tiktok", "facebook", "youtube", "instagram"]
PLATFORMS: tuple[str, ...] = ("tiktok", "facebook", "youtube", "instagram")

Severity = Literal["info", "minor", "major", "critical"]
SEVERITIES: tuple[str, ...] = ("info", "minor", "major", "critical")

Criterion = Literal["authenticity", "ad_compliance", "commercial_transparency", "community_feedback"]
CRITERIA: tuple[str, ...] = (
    "authenticity",
    "ad_compliance",
    "commercial_transparency",
    "community_feedback",
)

PRODUCT_CATEGORIES: tuple[str, ...] = (
    "health_supplement",
    "food",
    "cosmetics",
    "drug",
    "medical_device",
    "alcohol",
    "tobacco",
    "infant_formula",
    "finance",
    "other",
)
# what a reader sees for each product category: (Vietnamese, English)
PRODUCT_CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "health_supplement": ("Thực phẩm bảo vệ sức khỏe", "Health supplement"),
    "food": ("Thực phẩm, đồ uống", "Food and drink"),
    "cosmetics": ("Mỹ phẩm", "Cosmetics"),
    "drug": ("Thuốc", "Drug"),
    "medical_device": ("Thiết bị y tế", "Medical device"),
    "alcohol": ("Rượu, bia", "Alcohol"),
    "tobacco": ("Thuốc lá, thuốc lá điện tử", "Tobacco and e-cigarettes"),
    "infant_formula": ("Sữa và thức ăn cho trẻ nhỏ", "Milk and food for young children"),
    "finance": ("Tài chính, đầu tư", "Finance"),
    "other": ("Sản phẩm khác", "Other product"),
}


def content_hash(text: str) -> str:
    """Stable short hash of the exact text a finding quotes from (evidence integrity)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# --------------------------------------------------------------------------- subjects


@dataclass(frozen=True)
class TranscriptSegment:
    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class PostView:
    """One post as detectors see it. Text fields are NFC (normalised at ingest)."""

    key: str  # "<platform>:<post id>", the natural key
    platform: str
    caption: str = ""
    transcript: tuple[TranscriptSegment, ...] = ()
    hashtags: tuple[str, ...] = ()  # without '#', as written
    links: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()  # without '@'
    paid_partnership: bool = False  # platform flag (TikTok branded content, YouTube paid promotion, Meta paid partnership)
    format: str = "video"  # video | short | image | text | livestream | story
    duration_s: float | None = None
    published_at: datetime | None = None
    declared_collaboration: bool = False  # a collaboration declaration names this post
    product_categories: tuple[str, ...] = ()  # declared products' categories, if any
    influencer_key: str = ""

    @property
    def transcript_text(self) -> str:
        return "\n".join(s.text for s in self.transcript)


@dataclass(frozen=True)
class CommentView:
    key: str  # "<platform>:<comment id>"
    post_key: str
    author: str  # pseudonym, never the raw handle
    text: str
    published_at: datetime | None = None
    likes: int = 0


@dataclass(frozen=True)
class MetricPoint:
    account_key: str  # "<platform>:<account platform id>"
    observed_on: date
    followers: int | None = None
    following: int | None = None
    posts: int | None = None
    views: int | None = None
    likes: int | None = None
    # comments on the account's posts published up to ``observed_on`` (None when unknown; the
    # database view derives it from the stored posts' comment counts)
    comments: int | None = None


@dataclass(frozen=True)
class AudienceMember:
    account_key: str
    follower: str  # pseudonym
    followers: int | None = None
    following: int | None = None
    posts: int | None = None
    has_profile_pic: bool | None = None
    is_private: bool | None = None
    bio_length: int | None = None
    username_digits: int | None = None  # digits in the follower's user name (a fake_account feature)


@dataclass(frozen=True)
class ComplaintView:
    key: str
    influencer_key: str
    status: str  # received | substantiated | dismissed
    category: str
    text: str
    filed_at: datetime | None = None
    post_key: str | None = None


@dataclass(frozen=True)
class AccountView:
    key: str  # "<platform>:<platform id>"
    platform: str
    handle: str
    followers: int | None = None


@dataclass(frozen=True)
class CreatorView:
    """Everything known about one influencer, as creator-level detectors see it."""

    key: str
    name: str
    accounts: tuple[AccountView, ...] = ()
    posts: tuple[PostView, ...] = ()
    comments: tuple[CommentView, ...] = ()
    metrics: tuple[MetricPoint, ...] = ()
    audience: tuple[AudienceMember, ...] = ()
    complaints: tuple[ComplaintView, ...] = ()

    @property
    def followers(self) -> int:
        return sum(a.followers or 0 for a in self.accounts)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Evidence:
    field: str  # caption | transcript | hashtags | links | flags | comment | metrics | complaint | ...
    quote: str  # exact text from the stored (NFC) field
    start: int | None = None  # character offsets into the stored field
    end: int | None = None
    content_hash: str = ""  # content_hash() of the whole field the offsets refer to
    time_s: float | None = None  # offset into a video/livestream, when known


@dataclass(frozen=True)
class Finding:
    detector: str
    version: str
    subject: str  # post key, comment key, account key or influencer key
    subject_kind: str  # post | comment | account | influencer
    message: str  # Vietnamese, quoting the evidence
    message_en: str = ""
    severity: str = "info"
    confidence: float = 1.0
    evidence: tuple[Evidence, ...] = ()
    legal_source: str = ""
    rule_confidence: str = ""  # catalog tag: V, S, D, M
    remediation: str = ""
    category: str | None = None  # product category that triggered a category-specific rule
    data: dict = field(default_factory=dict, compare=False, hash=False)  # facts for derived detectors


@dataclass(frozen=True)
class DetectorRun:
    """Coverage record: what a detector examined. Absence of findings is not innocence."""

    detector: str
    version: str
    scope: str  # post | comment | creator
    examined: int = 0
    not_available: int = 0
    errors: int = 0
    findings: int = 0
    error_messages: tuple[str, ...] = ()


def finding_fingerprint(f: Finding) -> str:
    """Identity of a finding: SHA-256 hex of detector, subject and evidence spans.

    The detector *version* and the wording are left out on purpose: the same fact found again
    by an improved detector keeps its identity, so a reviewer's decision on it still applies.
    Deductions point at findings by this id, identically on every database.
    """
    spans = [[e.field, e.start, e.end, e.content_hash, e.time_s, e.quote] for e in f.evidence]
    payload = [f.detector, f.subject_kind, f.subject, spans]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
