"""Training labels for ``comment_spam``'s comment-section head (``comment_section_spam``).

ViSpamReviews labels e-commerce reviews: "brand_only" (about the shop or delivery only) and
"irrelevant" (not a review of the product) are spam THERE. Under a creator's post, questions to
the shop, delivery complaints and off-topic chatter are real viewers, and the community
criterion must count them. The comment-section head is a binary spam / other model:

* ViSpamReviews train: fake_review and irrelevant → spam; not_spam and brand_only → other
  (``BRAND_ONLY_IS_SPAM`` switches the second);
* the development half (odd ids) of the written sets, repeated ``WRITTEN_REPEAT`` times in the
  fitting part and the refit (``fitting.fit_head(extra=...)``, never the validation slice):
  ``benchmarks/data/comment_spam_vi_*.jsonl`` (promotions, engagement bait, seeding, and real
  viewers who look like them) and ``comments_vi_*.jsonl`` (real viewers' comments: other).

Their test half (even ids) is only measured (``benchmarks/bench_models.py``).
``training/experiment_section_spam_cv.py`` chose the repeat count and the threshold.
"""

from __future__ import annotations

from fitting import Spec
from written_sets import comment_sets

HEAD = "comment_section_spam"
SPEC = Spec("lr", 4.0, nb_positive="spam")
BRAND_ONLY_IS_SPAM = False
WRITTEN_REPEAT = 6  # chosen with the threshold by training/experiment_section_spam_cv.py
THRESHOLD = 0.4  # P(spam) at or above which a comment-section comment is spam
# below this P(spam) the review head's "irrelevant" (not a product review) is no spam label under a
# post: half the threshold, set before measuring (comment_spam 1.3.0; the model card has the grid)
IRRELEVANT_FLOOR = 0.2


def vispam_label(spam_label: str) -> str:
    """ViSpamReviews' SpamLabel (0 none, 1 fake, 2 brand-only, 3 irrelevant) → spam / other."""
    if spam_label in ("1", "3") or (spam_label == "2" and BRAND_ONLY_IS_SPAM):
        return "spam"
    return "other"


def written(half: str = "dev") -> list[tuple[str, str]]:
    """``(text, "spam" | "other")`` of one half of the written sets."""
    return [(r["text"], "other" if r["spam"] == "none" else "spam") for r in comment_sets.load_spam(half)]


def vispam_texts(vispam_rows) -> tuple[list[str], list[str]]:
    """ViSpamReviews rows as ``(texts, spam / other labels)``."""
    return [r["Comment"] for r in vispam_rows], [vispam_label(r["SpamLabel"]) for r in vispam_rows]
