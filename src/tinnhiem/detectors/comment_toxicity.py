"""comment_toxicity — clean / offensive / hate comment (linear model, ViHSD).

Trained on ViHSD (Facebook/YouTube comments; ``models/MODEL_CARD_comment_toxicity.md``).
Label = argmax of the three class probabilities. A finding for OFFENSIVE (severity minor) and
HATE (severity major) comments, ``data = {"label", "scores"}``. A toxic comment says something
about the comment section a creator hosts, not about the creator's own conduct.
"""

from __future__ import annotations

from tinnhiem.detectors.models.comment_base import CommentClassifier, labelled_rows, rounded

LABELS_VI = {"offensive": "xúc phạm", "hate": "thù ghét"}


class CommentToxicity(CommentClassifier):
    """Offensive or hateful comment (toxicity model)."""

    id = "comment_toxicity"
    version = "1.2.0"
    title_vi = "Bình luận xúc phạm hoặc thù ghét (mô hình)"
    title_en = "Offensive or hateful comment (model)"
    severity = "minor"
    heads = ("comment_toxicity",)

    def decide(self, probas):
        scores = rounded(dict(zip(self.classes("comment_toxicity"), probas["comment_toxicity"])))
        return max(scores, key=scores.get), scores

    def decide_batch(self, texts, probas):
        return labelled_rows(self.classes("comment_toxicity"), probas["comment_toxicity"])

    def hit(self, label, scores):
        return label != "clean"

    def message(self, label, scores, quote, probas=None):
        p = scores[label]
        return (f"Bình luận {LABELS_VI[label]} (mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"{label.capitalize()} comment (model, probability {p:.2f}): \"{quote}\"",
                "major" if label == "hate" else "minor")
