"""audience_authenticity — estimated share of fake followers in a creator's audience sample.

Each sampled follower (``CreatorView.audience``, members with at least 3 known profile
fields) is scored by the ``fake_account`` model (``models/fake_account.py``, trained on
InstaFake; ``models/MODEL_CARD_fake_account.md``) and counted fake when P(fake) ≥ the model's
threshold. With ``k`` of ``n`` counted fake:

* the observed share ``k/n`` gets a 95 % Wilson score interval;
* the share and both bounds are corrected for the classifier's errors (Rogan–Gladen:
  ``(x + spec − 1) / (sens + spec − 1)``, clipped to [0, 1]) with the sensitivity and
  specificity measured out-of-fold on the training data and stored with the weights.

``available()`` is false when fewer than ``MIN_SAMPLE`` usable members were sampled. A finding
when the corrected LOWER bound exceeds ``MINOR_LOWER`` (severity minor) or ``MAJOR_LOWER``
(severity major): the sample proves at least that share is fake. ``data`` = share, interval,
n, k, model version. ``estimate(creator)`` returns the same numbers with or without a finding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tinnhiem.detectors.base import Detector
from tinnhiem.detectors.models import fake_account
from tinnhiem.model import AudienceMember, CreatorView, Evidence, content_hash

MIN_SAMPLE = 30
MIN_FIELDS = fake_account.MIN_KNOWN  # (fewer known inputs: the member is not scored)
MINOR_LOWER = 0.25
MAJOR_LOWER = 0.35
Z95 = 1.959964


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval of a binomial proportion."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def corrected(x: float, sens: float, spec: float) -> float:
    """Rogan–Gladen correction of an observed positive share, clipped to [0, 1]."""
    j = sens + spec - 1
    if j <= 0:
        return x
    return min(1.0, max(0.0, (x + spec - 1) / j))


def usable(audience: Sequence[AudienceMember]) -> list[AudienceMember]:
    return [m for m in audience if fake_account.known_fields(m) >= MIN_FIELDS]


class AudienceAuthenticity(Detector):
    """A large share of the sampled followers look like fake accounts."""

    id = "audience_authenticity"
    version = "1.0.0"
    scope = "creator"
    title_vi = "Tỷ lệ người theo dõi ảo ước tính (mô hình)"
    title_en = "Estimated fake-follower share (model)"
    severity = "major"
    legal_source = ("Tiêu chí tính xác thực của lượng người theo dõi (chương trình Tín nhiệm "
                    "người có ảnh hưởng, trụ cột 1)")
    rule_confidence = "M"
    catalog_id = "VN-TRUST-AUDIENCE-AUTHENTICITY"

    def available(self, subject) -> bool:
        return isinstance(subject, CreatorView) and len(usable(subject.audience)) >= MIN_SAMPLE

    def classify_features(self, rows: list[dict]) -> list[tuple[str, dict[str, float]]]:
        """Per-account ``(label, {"fake": p, "real": 1 - p})`` (batch mode, JSONL feature rows)."""
        return fake_account.classify_features(rows)

    def estimate(self, subject: CreatorView) -> dict:
        members = usable(subject.audience)
        m = fake_account.model()
        labels = fake_account.classify_features(members)
        n, k = len(members), sum(1 for label, _ in labels if label == "fake")
        lo, hi = wilson(k, n)
        sens, spec = m["sensitivity"], m["specificity"]
        return {"n": n, "k": k, "observed_share": round(k / n, 4) if n else 0.0,
                "share": round(corrected(k / n if n else 0.0, sens, spec), 4),
                "ci95": [round(corrected(lo, sens, spec), 4), round(corrected(hi, sens, spec), 4)],
                "method": "wilson95+rogan-gladen", "model": "fake_account",
                "model_trained_on": m["trained_on"]}

    def detect(self, subject: CreatorView, upstream):
        est = self.estimate(subject)
        lower = est["ci95"][0]
        if lower <= MINOR_LOWER:
            return
        severity = "major" if lower > MAJOR_LOWER else "minor"
        pct = f"{100 * est['share']:.0f}%"
        ci = f"{100 * est['ci95'][0]:.0f}–{100 * est['ci95'][1]:.0f}%"
        quote = f"{est['k']}/{est['n']} tài khoản mẫu giống tài khoản ảo"
        ev = Evidence(field="metrics", quote=quote, content_hash=content_hash(quote))
        yield self.finding(
            subject,
            message=f"Ước tính {pct} người theo dõi là tài khoản ảo (khoảng tin cậy 95%: {ci}; {quote})",
            message_en=(f"An estimated {pct} of followers are fake accounts (95% CI {ci}; "
                        f"{est['k']}/{est['n']} sampled accounts look fake)"),
            evidence=[ev],
            severity=severity,
            confidence=min(1.0, 0.5 + lower),
            remediation="Rà soát và loại bỏ người theo dõi ảo; không mua tương tác hoặc người theo dõi.",
            data=est,
        )
