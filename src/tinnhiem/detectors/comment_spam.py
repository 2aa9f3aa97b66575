"""comment_spam — spam in a comment section, and its type (linear models).

Two heads over the shared comment features (``models/MODEL_CARD_comment_spam.md``):

* ``comment_spam_type`` — 4 classes from ViSpamReviews (e-commerce product reviews): not_spam,
  fake_review (untruthful review), brand_only (about the shop/brand/delivery only, not the
  product), irrelevant (not a review);
* ``comment_section_spam`` — spam / other for comments under a creator's post: promotions of
  something else, engagement bait and machine noise, seeding. Trained on ViSpamReviews with
  brand_only counted as OTHER (a question to the shop or a delivery complaint under a
  livestream is a real viewer) plus the development half of the written creator-comment sets.

The label (``classify``, ``detect``, ``tinnhiem detect``) keeps ViSpamReviews' taxonomy, and the
comment-section head decides what that taxonomy cannot tell under a post:

* the comment-section head says spam (P(spam) ≥ the threshold stored with its weights): the
  review head's label if it is a spam type, else its most likely spam type;
* else the review head's label, except ``irrelevant`` when the comment-section head gives it
  less than the floor stored with its weights (half the threshold): off-topic chatter, a joke or
  a tagged friend under a post is a viewer, not a "non-review".

Scores are the review head's probabilities over the four labels (``not_spam`` + the three
types). A finding (severity info; its data adds the comment-section head's P(spam)) only where
the comment-section head says spam: what the community criterion leaves out before counting
sentiment and complaints. A question to the shop (``brand_only``), a joke or a tagged friend
(``irrelevant`` in a review's sense) under a post keep their label and stay counted — read on
the sample world, the review head's ``irrelevant`` and ``fake_review`` below that threshold were
viewers ("@… cuối tuần đi ko", "treo đầu dê bán thịt chó").

Beside the model, two rules (``_spam_rules``, 1.4.0), whatever the head's P(spam): a promotion
of something else — a comment that sends the readers elsewhere (a profile, a chat app, a group, a
link) and offers them something there or calls on them ("ai cần", "ae nào"), unless it asks for
the contact or warns about it — and engagement bait (chain messages, begging for subscribers).
Such a comment gets the spam-type label and a finding whose data lists the phrases under the
rule's name (``promotion``, ``engagement_bait``); where the head alone would not have reported
it, the message says so and the confidence is ``RULE_CONFIDENCE``.

``classify_reviews``: the review head alone, label = its argmax.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from tinnhiem.detectors._spam_rules import spam_rule
from tinnhiem.detectors.models import textclf
from tinnhiem.detectors.models.comment_base import (
    RULE_CONFIDENCE,
    CommentClassifier,
    clean_texts,
    labelled_rows,
    rounded,
    rule_words,
)
from tinnhiem.text import nfc

TYPES = ("fake_review", "brand_only", "irrelevant")
TYPES_VI = {"fake_review": "đánh giá không trung thực", "brand_only": "chỉ nói về shop/thương hiệu",
            "irrelevant": "không liên quan"}
REVIEW_HEAD = "comment_spam_type"
SECTION_HEAD = "comment_section_spam"
RULES_VI = {"promotion": "quảng cáo thứ khác", "engagement_bait": "mồi tương tác"}
RULES_EN = {"promotion": "promotion of something else", "engagement_bait": "engagement bait"}


class CommentSpam(CommentClassifier):
    """Spam comment under a post: promotion, engagement bait, seeding (spam models)."""

    id = "comment_spam"
    version = "1.4.0"  # 1.4.0: the promotion and engagement-bait rules beside the comment-section head
    title_vi = "Bình luận rác / đánh giá không trung thực (mô hình)"
    title_en = "Spam or untruthful comment (model)"
    severity = "info"
    heads = (REVIEW_HEAD, SECTION_HEAD)

    @cached_property
    def threshold(self) -> float:
        return float(textclf.head(SECTION_HEAD).meta.get("threshold", 0.5))

    @cached_property
    def irrelevant_floor(self) -> float:
        """Below this P(spam) of the comment-section head, the review head's ``irrelevant`` is
        no spam label (stored with the weights)."""
        return float(textclf.head(SECTION_HEAD).meta.get("irrelevant_floor", self.threshold / 2))

    def section_spam(self, probas) -> float:
        """P(spam) of the comment-section head."""
        return dict(zip(self.classes(SECTION_HEAD), probas[SECTION_HEAD]))["spam"]

    def decide(self, probas):
        return self.decide_text("", probas)

    def decide_text(self, text, probas):
        scores = rounded(dict(zip(self.classes(REVIEW_HEAD), probas[REVIEW_HEAD])))
        return self._label(max(scores, key=scores.get), scores, self.section_spam(probas), spam_rule(text) is not None)

    def decide_batch(self, texts, probas):
        sections = probas[SECTION_HEAD][:, self.classes(SECTION_HEAD).index("spam")].tolist()
        return [self._label(label, scores, p_section, spam_rule(text) is not None) for text, (label, scores), p_section
                in zip(texts, labelled_rows(self.classes(REVIEW_HEAD), probas[REVIEW_HEAD]), sections)]

    def _label(self, label: str, scores: dict[str, float], p_section: float, by_rule: bool = False
               ) -> tuple[str, dict[str, float]]:
        """The label from the review head's own (``label``, its argmax), the section head's P(spam)
        and the spam rules."""
        if p_section >= self.threshold or by_rule:
            return (label if label != "not_spam" else max(TYPES, key=scores.get)), scores
        if label == "irrelevant" and p_section < self.irrelevant_floor:
            return "not_spam", scores
        return label, scores

    def flagged(self, texts: list[str]) -> list[bool]:
        """Which comments get a finding — what the community criterion leaves out."""
        texts = clean_texts(texts)
        probas = textclf.all_heads_batch(texts)[SECTION_HEAD]
        column = self.classes(SECTION_HEAD).index("spam")
        return [bool(p >= self.threshold) or spam_rule(t) is not None for p, t in zip(probas[:, column].tolist(), texts)]

    def classify_reviews(self, texts: list[str]) -> list[tuple[str, dict[str, float]]]:
        """The review head alone (e-commerce product reviews, ViSpamReviews' rule)."""
        return labelled_rows(self.classes(REVIEW_HEAD), textclf.all_heads_batch(clean_texts(texts))[REVIEW_HEAD])

    def flags(self, label, scores, probas):
        """A finding where the comment-section head says spam (whatever the review head says)."""
        return self.section_spam(probas) >= self.threshold

    def flags_text(self, text, label, scores, probas):
        """... or where a spam rule does (``_spam_rules``)."""
        return self.flags(label, scores, probas) or spam_rule(text) is not None

    def flags_batch(self, texts, decisions, probas):
        section = (probas[SECTION_HEAD][:, self.classes(SECTION_HEAD).index("spam")] >= self.threshold).tolist()
        return [flag or spam_rule(text) is not None for flag, text in zip(section, texts)]

    def detect(self, subject, upstream):
        for finding in super().detect(subject, upstream):
            text = nfc(subject.text)
            rule = spam_rule(text)
            if rule is None:
                yield finding
                continue
            kind, spans = rule
            phrases, shown = rule_words(text, spans)
            data = {**finding.data, kind: phrases}
            if finding.data["comment_section_spam"] >= self.threshold:
                yield replace(finding, data=data)
                continue
            label, quote = finding.data["label"], finding.evidence[0].quote
            yield replace(
                finding, data=data, confidence=RULE_CONFIDENCE,
                message=f"Bình luận rác ({TYPES_VI[label]}; {RULES_VI[kind]}: {shown}; quy tắc): \"{quote}\"",
                message_en=f"Spam comment ({label.replace('_', ' ')}; {RULES_EN[kind]}: {shown}; rule): \"{quote}\"")

    def confidence(self, label, scores, probas=None):
        """P(spam) of the comment-section head (of the review head without ``probas``)."""
        return round(1.0 - scores["not_spam"] if probas is None else self.section_spam(probas), 6)

    def finding_data(self, label, scores, probas):
        return {"label": label, "scores": scores, "comment_section_spam": round(self.section_spam(probas), 6)}

    def message(self, label, scores, quote, probas=None):
        p = self.confidence(label, scores, probas)
        return (f"Bình luận rác ({TYPES_VI[label]}; mô hình, xác suất {p:.2f}): \"{quote}\"",
                f"Spam comment ({label.replace('_', ' ')}; model, probability {p:.2f}): \"{quote}\"",
                self.severity)
