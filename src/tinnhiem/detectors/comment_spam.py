"""comment_spam — spam in a comment section, and its type (linear models).

Two heads over the shared comment features (``models/MODEL_CARD_comment_spam.md``):

* ``comment_spam_type`` — 4 classes from ViSpamReviews (e-commerce product reviews): not_spam,
  fake_review (untruthful review), brand_only (about the shop/brand/delivery only, not the
  product), irrelevant (not a review);
* ``comment_section_spam`` — spam / other for comments under a creator's post: promotions of
  something else, engagement bait and machine noise, seeding. Trained on ViSpamReviews with
  brand_only counted as OTHER (a question to the shop or a delivery complaint under a
  livestream is a real viewer) plus the development half of the written creator-comment sets.

Under a post (``classify``, ``detect``): the comment is spam when P(spam) of the comment-section
head is at least the threshold stored with its weights; the type is the most likely spam type of
the review head. Scores over the four labels: ``not_spam = 1 − P(spam)`` and each type
``P(spam) · P(type) / P(any spam type)`` — they sum to 1; the label is not_spam below the
threshold, else the type. A finding (severity info, ``data = {"label", "scores"}``) for every
spam comment: the community criterion leaves such comments out before counting sentiment and
complaints.

As a product review (``classify_reviews``): the review head alone, label = its argmax — the
rule ViSpamReviews measures.
"""

from __future__ import annotations

from functools import cached_property

from tinnhiem.detectors.models import textclf
from tinnhiem.detectors.models.comment_base import CommentClassifier, clean_texts, rounded

TYPES = ("fake_review", "brand_only", "irrelevant")
TYPES_VI = {"fake_review": "đánh giá không trung thực", "brand_only": "chỉ nói về shop/thương hiệu",
            "irrelevant": "không liên quan"}
REVIEW_HEAD = "comment_spam_type"
SECTION_HEAD = "comment_section_spam"


class CommentSpam(CommentClassifier):
    """Spam comment under a post: promotion, engagement bait, seeding (spam models)."""

    id = "comment_spam"
    version = "1.2.0"
    title_vi = "Bình luận rác / đánh giá không trung thực (mô hình)"
    title_en = "Spam or untruthful comment (model)"
    severity = "info"
    heads = (REVIEW_HEAD, SECTION_HEAD)

    @cached_property
    def threshold(self) -> float:
        return float(textclf.head(SECTION_HEAD).meta.get("threshold", 0.5))

    def decide(self, probas):
        review = dict(zip(self.classes(REVIEW_HEAD), probas[REVIEW_HEAD]))
        p_spam = dict(zip(self.classes(SECTION_HEAD), probas[SECTION_HEAD]))["spam"]
        any_type = sum(review[t] for t in TYPES) or 1.0
        scores = rounded({"not_spam": 1.0 - p_spam,
                          **{t: p_spam * review[t] / any_type for t in TYPES}})
        if p_spam < self.threshold:
            return "not_spam", scores
        return max(TYPES, key=lambda t: review[t]), scores

    def classify_reviews(self, texts: list[str]) -> list[tuple[str, dict[str, float]]]:
        """The review head alone (e-commerce product reviews, ViSpamReviews' rule)."""
        probas = textclf.all_heads_batch(clean_texts(texts))[REVIEW_HEAD].tolist()
        out = []
        for row in probas:
            scores = rounded(dict(zip(self.classes(REVIEW_HEAD), row)))
            out.append((max(scores, key=scores.get), scores))
        return out

    def hit(self, label, scores):
        return label != "not_spam"

    def confidence(self, label, scores):
        return 1.0 - scores["not_spam"]  # P(spam), whatever the type

    def message(self, label, scores, quote):
        p = 1.0 - scores["not_spam"]
        return (f"Bình luận rác ({TYPES_VI[label]}; mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"Spam comment ({label.replace('_', ' ')}; model, probability {p:.2f}): \"{quote}\"",
                self.severity)
