"""The statement classifier that assists seven claim rules (``model_assist`` in the packs) and
``banned_product``, and may rule out caption-only hits of eight rules (``model_veto``)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from tinnhiem import text as T
from tinnhiem.detectors import registry
from tinnhiem.detectors.models import claim_model
from tinnhiem.detectors.rulepack import RuleDetector
from tinnhiem.model import PostView, TranscriptSegment

# the rules' patterns miss this (2026-11-29, rule round 13); the classifier does not
MISSED = "Bo het thuoc di, chi can uong tra Than Y Lao Moc 2 thang la duong huyet on dinh."


def _post(caption: str) -> PostView:
    return PostView(key="p1", platform="facebook", caption=caption, hashtags=(), links=(),
                    mentions=(), published_at=datetime(2026, 11, 1, tzinfo=timezone.utc))


def _rule(rule_id: str) -> RuleDetector:
    det = registry.all_detectors()[rule_id]
    assert isinstance(det, RuleDetector)
    return det


def _findings(det: RuleDetector, caption: str) -> list:
    T.clear_text_caches()
    post = _post(caption)
    det.prepare([post])
    return list(det.detect(post, {}))


def test_weights_cover_exactly_the_rules_that_ask_them():
    dets = registry.all_detectors().values()
    assisted = {d.id for d in dets if getattr(d, "model_assist", False)}
    vetoed = {d.id for d in dets if getattr(d, "model_veto", False)}
    assert assisted | vetoed == set(claim_model.labels()) and len(assisted) == 8
    # (the rules training/veto_criterion.py selects; equivalence_claim and fake_urgency since
    # 2026-12-03)
    assert vetoed == {"health_cure_claim", "firsthand_use_doubt", "cosmetic_medical_claim",
                      "medical_authority_misuse", "banned_product", "missing_supplement_disclaimer",
                      "equivalence_claim", "fake_urgency"}
    assert not isinstance(registry.all_detectors()["banned_product"], RuleDetector)
    assert not isinstance(registry.all_detectors()["missing_supplement_disclaimer"], RuleDetector)
    assert 0.5 < claim_model.threshold() < 1.0
    assert 0.0 < claim_model.veto_below() < 0.5


def test_model_keys_need_a_label_of_the_classifier():
    spec = dict(_rule("fake_urgency").spec, id="made_up_rule")
    for key in ("model_assist", "model_veto"):
        with pytest.raises(ValueError, match=key):
            RuleDetector({**{k: v for k, v in spec.items() if not k.startswith("model_")}, key: True}, "x.yaml")


def test_model_reports_what_the_patterns_miss():
    det = _rule("equivalence_claim")
    patterns_only = RuleDetector({k: v for k, v in det.spec.items() if k != "model_assist"}, det.source)
    assert _findings(patterns_only, MISSED) == []  # else pick another example
    [finding] = _findings(det, MISSED)
    p = claim_model.probabilities(MISSED)["equivalence_claim"]
    assert p >= claim_model.threshold()
    assert finding.data["source"] == "model" and finding.data["probability"] == round(p, 3)
    assert finding.confidence == pytest.approx(claim_model.confidence_factor() * p, abs=1e-3)
    assert finding.confidence < 0.8  # below a pattern hit's confidence
    assert "mô hình phân loại" in finding.message and "classifier" in finding.message_en
    [ev] = finding.evidence
    assert ev.field == "caption" and MISSED[ev.start:ev.end] == ev.quote and ev.quote.strip() == ev.quote


def test_batch_and_single_probabilities_agree():
    texts = [MISSED, "Áo thun cotton mặc mát, giá 150k.", "chỉ còn 2 suất cuối, chốt ngay kẻo lỡ"]
    T.clear_text_caches()
    claim_model.prepare(texts)
    batch = [claim_model.probabilities(t) for t in texts]
    T.clear_text_caches()
    for t, expected in zip(texts, batch):
        single = claim_model.probabilities(t)
        assert single.keys() == expected.keys()
        assert all(abs(single[k] - expected[k]) < 1e-5 for k in single)
    assert claim_model.probabilities("   ") == {}


def _certain(monkeypatch) -> None:
    """The classifier says every label with probability 0.99 for every text and sentence."""
    monkeypatch.setattr(claim_model, "classify",
                        lambda texts: np.full((len(texts), len(claim_model.labels())), 0.99))


def test_the_rules_near_miss_exclusions_veto_the_model(monkeypatch):
    _certain(monkeypatch)
    # the pack's own near-miss, "duy nhất một lần" in its non-claim sense, in a product post (the
    # rule's context conditions hold: only the exclusions stand between the model and a finding)
    caption = "Serum Hạ Vy giá 299k, đây là lần duy nhất mình mở sale trong năm, duy nhất một lần thôi, link ở bio"
    assert _findings(_rule("absolute_superlative"), caption) == []


def test_reported_speech_is_never_quoted(monkeypatch):
    _certain(monkeypatch)
    caption = "Cảnh giác với các loại viên uống chữa khỏi tiểu đường trên mạng. Viên uống Y giá 300k, link ở bio."
    [finding] = _findings(_rule("health_cure_claim"), caption)
    assert finding.data["source"] == "model"
    assert [e.quote for e in finding.evidence] == ["Viên uống Y giá 300k, link ở bio."]


def test_the_quoted_sentence_is_outside_the_excluded_regions(monkeypatch):
    _certain(monkeypatch)
    caption = ("Đây là lần duy nhất mình mở sale trong năm, duy nhất một lần thôi. "
               "Serum Hạ Vy giá 299k, link ở bio.")
    [finding] = _findings(_rule("absolute_superlative"), caption)
    assert finding.data["source"] == "model"
    assert [e.quote for e in finding.evidence] == ["Serum Hạ Vy giá 299k, link ở bio."]


def test_the_rules_context_conditions_still_apply(monkeypatch):
    _certain(monkeypatch)
    # absolute_superlative requires a product or commercial context in every variant
    det = _rule("absolute_superlative")
    assert all(v.requires for v in det.variants)
    assert _findings(det, "Chiều nay trời mưa to, mọi người nhớ mang áo mưa nhé.") == []


def test_short_captions_are_left_to_the_patterns(monkeypatch):
    _certain(monkeypatch)
    det = _rule("fake_urgency")
    assert _findings(det, "Hôm nay trời đẹp") == []  # one trigger word is no claim
    long_enough = "Hôm nay trời đẹp, cả nhà mình đi chơi công viên cả ngày"
    assert len(long_enough.split()) >= claim_model.min_words()
    assert [f.data["source"] for f in _findings(det, long_enough)] == ["model"]  # (probability forced)


def _banned(caption: str) -> list:
    return _findings(registry.all_detectors()["banned_product"], caption)


def _doubtful(monkeypatch) -> None:
    monkeypatch.setattr(claim_model, "classify",
                        lambda texts: np.full((len(texts), len(claim_model.labels())), 0.01))


# a named banned product without any sales cue the rule knows: an ad only if someone reads it so
UNCUED = "Kẹo ngậm kích dục Hương Lan cho cả nam và nữ, tác dụng sau 15 phút, vị bạc hà dễ chịu."


def test_banned_product_promotion_judged_by_the_classifier(monkeypatch):
    _doubtful(monkeypatch)
    assert _banned(UNCUED) == []  # the patterns alone: no promotion cue, no finding
    _certain(monkeypatch)
    [finding] = _banned(UNCUED)
    assert finding.data["variant"] == "stimulant" and finding.data["source"] == "model"
    assert finding.confidence == pytest.approx(claim_model.confidence_factor() * 0.99, abs=1e-3)
    assert "mô hình phân loại câu" in finding.message and "statement classifier" in finding.message_en
    assert "kích dục" in finding.evidence[0].quote  # the rule's own evidence, not the model's sentence


def test_banned_product_classifier_never_turns_a_sanction_report_into_an_ad(monkeypatch):
    _certain(monkeypatch)
    report = ("Thanh tra Sở Y tế phạt 40 triệu đồng cơ sở bán kẹo ngậm kích dục Hương Lan "
              "không rõ nguồn gốc trên mạng xã hội.")
    assert _banned(report) == []


def test_banned_product_classifier_stands_in_for_the_wording(monkeypatch):
    caption = "Hàng mới về nha cả nhà, loại này êm lắm, ship toàn quốc, inbox shop để chọn vị nhé"
    _doubtful(monkeypatch)
    assert _banned(caption) == []  # no banned product named
    _certain(monkeypatch)
    [finding] = _banned(caption)
    assert finding.data["source"] == "model" and finding.data["variant"] == "unnamed"
    assert finding.category == "other" and "sản phẩm bị cấm quảng cáo" in finding.message
    assert finding.evidence[0].field == "caption"


# a cure claim the patterns hit ("chữa khỏi"), long enough for the classifier to be asked
CURE = "Viên uống Mộc Lan chữa khỏi tiểu đường sau 2 tháng, giá 300k, link ở bio nha cả nhà."


def test_the_classifier_rules_out_caption_only_hits(monkeypatch):
    det = _rule("health_cure_claim")
    _certain(monkeypatch)
    [finding] = _findings(det, CURE)
    assert "source" not in finding.data  # a pattern hit, not the model's
    _doubtful(monkeypatch)
    assert _findings(det, CURE) == []
    without_veto = RuleDetector({k: v for k, v in det.spec.items() if k != "model_veto"}, det.source)
    assert len(_findings(without_veto, CURE)) == 1


# one cure-claim sentence in a long caption of chatter, a link and hashtags
DILUTED = ("Tâm sự mỏng chút, trà thảo mộc Thanh Mộc uống sau bữa trưa. Cô mình uống 3 hộp là "
           "tiêu u xơ, đi siêu âm bác sĩ còn bất ngờ. Link tham khảo ở bio, nhập thêm mã HAI30 "
           "nhé cả nhà #review #suckhoe")


def test_a_sentence_that_reads_as_the_violation_keeps_a_diluted_caption_from_the_veto(monkeypatch):
    label = "health_cure_claim"
    column = claim_model.labels().index(label)

    def classify(texts):  # the whole caption reads 0.01, its cure sentence 0.6, the rest 0.01
        out = np.full((len(texts), len(claim_model.labels())), 0.01)
        out[[i for i, t in enumerate(texts) if "tiêu u xơ" in t and t != DILUTED], column] = 0.6
        return out

    monkeypatch.setattr(claim_model, "classify", classify)
    T.clear_text_caches()
    assert claim_model.probabilities(DILUTED)[label] < claim_model.veto_below()
    assert claim_model.rules_out(DILUTED, label) is None
    assert len(_findings(_rule(label), DILUTED)) == 1
    _doubtful(monkeypatch)  # no sentence reads so either: vetoed
    T.clear_text_caches()
    assert claim_model.rules_out(DILUTED, label) is not None
    assert _findings(_rule(label), DILUTED) == []


# a short equivalence claim in a long sponsored caption with the mandatory sentence (sample world)
SHORT_CLAIM = ("Bài viết được tài trợ bởi DailyOne. Thực phẩm bảo vệ sức khỏe Vitamin Tổng Hợp DailyOne, "
               "bổ sung vi chất cho người bận rộn, một viên mỗi ngày.\n\nMột thìa bằng cả chén yến chưng."
               "\n\nGiá chỉ 429k trong tuần này thôi.\n\nThực phẩm này không phải là thuốc và không có tác "
               "dụng thay thế thuốc chữa bệnh. #healthy")


def test_a_short_violating_sentence_keeps_a_long_caption_from_the_veto():
    label = "equivalence_claim"
    T.clear_text_caches()
    assert claim_model.probabilities(SHORT_CLAIM)[label] < claim_model.veto_below()
    assert len("Một thìa bằng cả chén yến chưng.".split()) < claim_model.min_words()
    assert claim_model.rules_out(SHORT_CLAIM, label) is None
    assert len(_findings(_rule(label), SHORT_CLAIM)) == 1


def test_short_captions_and_other_fields_are_never_ruled_out(monkeypatch):
    _doubtful(monkeypatch)
    det = _rule("health_cure_claim")
    short = "Viên Mộc Lan chữa khỏi tiểu đường"
    assert len(short.split()) < claim_model.min_words() and len(_findings(det, short)) == 1
    # the same words in a transcript: the classifier reads captions only
    T.clear_text_caches()
    post = PostView(key="p2", platform="youtube", caption="Video mới của mình đây, mọi người xem và cho ý kiến nhé",
                    hashtags=(), links=(), mentions=(), transcript=(TranscriptSegment(0.0, 6.0, CURE),),
                    published_at=datetime(2026, 11, 1, tzinfo=timezone.utc))
    det.prepare([post])
    [finding] = det.detect(post, {})
    assert {e.field for e in finding.evidence} == {"transcript"}


SUPPLEMENT = "Viên uống bổ khớp Mộc An giá 450k một hộp, uống mỗi ngày 2 viên, inbox shop để đặt hàng nhé."


def test_missing_supplement_disclaimer_is_ruled_out_only_for_undeclared_captions(monkeypatch):
    det = registry.all_detectors()["missing_supplement_disclaimer"]

    def run(post):
        T.clear_text_caches()
        det.prepare([post])
        return list(det.detect(post, {}))

    _certain(monkeypatch)
    assert len(run(_post(SUPPLEMENT))) == 1
    _doubtful(monkeypatch)
    assert run(_post(SUPPLEMENT)) == []
    declared = PostView(key="p3", platform="facebook", caption=SUPPLEMENT, hashtags=(), links=(), mentions=(),
                        published_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
                        product_categories=("health_supplement",))
    assert len(run(declared)) == 1  # a declared supplement is authoritative


def test_banned_product_hits_in_the_caption_alone_can_be_ruled_out(monkeypatch):
    caption = "Pod vape Xanh Mát 6000 hơi giá 250k, ship toàn quốc, inbox shop để chọn vị nhé cả nhà"
    _certain(monkeypatch)
    [finding] = _banned(caption)
    assert "source" not in finding.data  # the variant's own finding
    _doubtful(monkeypatch)
    assert _banned(caption) == []


def test_a_declared_banned_product_is_never_ruled_out(monkeypatch):
    caption = "Pod vape Xanh Mát 6000 hơi giá 250k, ship toàn quốc, inbox shop để chọn vị nhé cả nhà"
    _doubtful(monkeypatch)
    T.clear_text_caches()
    post = PostView(key="p4", platform="facebook", caption=caption, hashtags=(), links=(), mentions=(),
                    published_at=datetime(2026, 11, 1, tzinfo=timezone.utc), product_categories=("tobacco",))
    det = registry.all_detectors()["banned_product"]
    det.prepare([post])
    [finding] = det.detect(post, {})
    assert finding.category == "tobacco"


def test_version_names_the_weights_it_reads():
    # two trainings on one day must not share a version: the JSON's digest is that of the .npz
    npz = Path(claim_model.__file__).with_name("claim_statements.npz")
    digest = hashlib.sha256(npz.read_bytes()).hexdigest()
    assert re.fullmatch(r"claim_statements@\d{4}-\d{2}-\d{2}\+[0-9a-f]{8}", claim_model.version())
    assert claim_model.version().endswith("+" + digest[:8])


def test_the_model_never_stands_in_for_the_wording_of_a_caption_longer_than_it_was_trained_on():
    # round 42: on real posts (ReINTEL) 67 of the 84 it alone gave health_cure_claim were news
    # articles of more than 150 words; it was trained on statements of at most 110 words
    claim = "Uống viên thảo dược này 3 tháng là khỏi hẳn tiểu đường, bỏ luôn thuốc tây, bác nào cần inbox em. "
    short, long = claim * 2, claim * 12
    assert len(short.split()) <= claim_model.max_words() < len(long.split())
    assert claim_model.probabilities(long)["health_cure_claim"] >= claim_model.threshold()
    assert claim_model.candidate(short, "health_cure_claim") is not None
    assert claim_model.candidate(long, "health_cure_claim") is None
    assert claim_model.max_words() >= 110  # (never below the longest statement it learnt from)
