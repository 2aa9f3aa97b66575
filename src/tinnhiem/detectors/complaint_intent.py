"""complaint_intent — the comment reports a consumer problem (linear model, weak labels).

Separate from negativity: "video chán quá" is negative but no consumer problem; "mua về dùng
2 hôm đã không lên nguồn" is a complaint although it uses none of ``complaint_phrase``'s
phrases. No labelled dataset exists: the model is trained on weak labels (AIVIVN negative
reviews mentioning a problem, versus positive reviews and ViHSD comments without one, plus
hand-written seeds; ``models/MODEL_CARD_complaint_intent.md``). A finding (severity minor,
``data = {"label", "scores"}``) when P(complaint) ≥ the threshold stored with the weights.
A community signal, not proof.
"""

from __future__ import annotations

from functools import cached_property

from tinnhiem.detectors.models import textclf
from tinnhiem.detectors.models.comment_base import CommentClassifier, rounded, rounded_rows


class ComplaintIntent(CommentClassifier):
    """Comment reporting a consumer problem (complaint model)."""

    id = "complaint_intent"
    version = "1.4.0"
    title_vi = "Bình luận phản ánh vấn đề của người tiêu dùng (mô hình)"
    title_en = "Comment reporting a consumer problem (model)"
    severity = "minor"
    heads = ("complaint_intent",)

    @cached_property
    def threshold(self) -> float:
        return float(textclf.head("complaint_intent").meta.get("threshold", 0.5))

    def decide(self, probas):
        return self._label(rounded(dict(zip(self.classes("complaint_intent"), probas["complaint_intent"]))))

    def decide_batch(self, texts, probas):
        return [self._label(s) for s in rounded_rows(self.classes("complaint_intent"), probas["complaint_intent"])]

    def _label(self, scores):
        return ("complaint" if scores["complaint"] >= self.threshold else "other"), scores

    def hit(self, label, scores):
        return label == "complaint"

    def message(self, label, scores, quote, probas=None):
        p = scores["complaint"]
        return (f"Bình luận phản ánh vấn đề của người tiêu dùng (mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"Comment reports a consumer problem (model, probability {p:.2f}): \"{quote}\"",
                self.severity)
