"""comment_toxicity — clean / offensive / hate comment (linear model, ViHSD).

Trained on ViHSD (Facebook/YouTube comments; ``models/MODEL_CARD_comment_toxicity.md``).
Label = argmax of the three class probabilities, raised by the rules of ``_toxicity_rules``
(1.3.0): a swear word makes a clean comment OFFENSIVE, a slur makes a clean or offensive one
HATE; the scores stay the model's. A finding for OFFENSIVE (severity minor) and HATE (severity
major) comments, ``data = {"label", "scores"}`` (and ``"rule"``: the words, where a rule raised
the label; its confidence is then ``RULE_CONFIDENCE``). A toxic comment says something about the
comment section a creator hosts, not about the creator's own conduct.
"""

from __future__ import annotations

from dataclasses import replace

from tinnhiem.detectors._toxicity_rules import adjusted, toxicity_rule
from tinnhiem.detectors.models.comment_base import RULE_CONFIDENCE, CommentClassifier, labelled_rows, rounded, rule_words
from tinnhiem.text import nfc

LABELS_VI = {"offensive": "xúc phạm", "hate": "thù ghét"}


class CommentToxicity(CommentClassifier):
    """Offensive or hateful comment (toxicity model)."""

    id = "comment_toxicity"
    version = "1.3.0"  # 1.3.0: the profanity and slur rules
    title_vi = "Bình luận xúc phạm hoặc thù ghét (mô hình)"
    title_en = "Offensive or hateful comment (model)"
    severity = "minor"
    heads = ("comment_toxicity",)

    def decide(self, probas):
        scores = rounded(dict(zip(self.classes("comment_toxicity"), probas["comment_toxicity"])))
        return max(scores, key=scores.get), scores

    def decide_text(self, text, probas):
        label, scores = self.decide(probas)
        return adjusted(label, text), scores

    def decide_batch(self, texts, probas):
        return [(adjusted(label, text), scores) for text, (label, scores)
                in zip(texts, labelled_rows(self.classes("comment_toxicity"), probas["comment_toxicity"]))]

    def detect(self, subject, upstream):
        for finding in super().detect(subject, upstream):
            scores, label = finding.data["scores"], finding.data["label"]
            text = nfc(subject.text)
            rule = toxicity_rule(text)
            if max(scores, key=scores.get) == label or rule is None:
                yield finding  # (the model's own label)
                continue
            words, shown = rule_words(text, rule[1])
            quote = finding.evidence[0].quote
            yield replace(
                finding, confidence=RULE_CONFIDENCE, data={**finding.data, "rule": words},
                message=f"Bình luận {LABELS_VI[label]} (quy tắc: {shown}): \"{quote}\"",
                message_en=f"{label.capitalize()} comment (rule: {shown}): \"{quote}\"")

    def hit(self, label, scores):
        return label != "clean"

    def message(self, label, scores, quote, probas=None):
        p = scores[label]
        return (f"Bình luận {LABELS_VI[label]} (mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"{label.capitalize()} comment (model, probability {p:.2f}): \"{quote}\"",
                "major" if label == "hate" else "minor")
