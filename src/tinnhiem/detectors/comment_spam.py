"""comment_spam — spam comment and its type (linear model, ViSpamReviews).

One 4-class head trained on ViSpamReviews (``models/MODEL_CARD_comment_spam.md``): not_spam,
fake_review (untruthful review), brand_only (about the shop/brand/delivery only, not the
product), irrelevant (not a review). Label = argmax of the four probabilities (they sum to
1); the comment is spam when the label is not "not_spam" (P(spam) = 1 − P(not_spam)). A
finding (severity info) for every spam comment, ``data = {"label", "scores"}``.
"""

from __future__ import annotations

from tinnhiem.detectors.models.comment_base import CommentClassifier, rounded

TYPES = ("fake_review", "brand_only", "irrelevant")
TYPES_VI = {"fake_review": "đánh giá không trung thực", "brand_only": "chỉ nói về shop/thương hiệu",
            "irrelevant": "không liên quan"}


class CommentSpam(CommentClassifier):
    """Spam comment: fake review, brand-only or irrelevant (spam model)."""

    id = "comment_spam"
    version = "1.1.0"
    title_vi = "Bình luận rác / đánh giá không trung thực (mô hình)"
    title_en = "Spam or untruthful comment (model)"
    severity = "info"
    heads = ("comment_spam_type",)

    def decide(self, probas):
        scores = rounded(dict(zip(self.classes("comment_spam_type"), probas["comment_spam_type"])))
        return max(("not_spam", *TYPES), key=lambda k: scores[k]), scores

    def hit(self, label, scores):
        return label != "not_spam"

    def message(self, label, scores, quote):
        p = 1.0 - scores["not_spam"]
        return (f"Bình luận rác ({TYPES_VI[label]}; mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"Spam comment ({label.replace('_', ' ')}; model, probability {p:.2f}): \"{quote}\"",
                self.severity)
