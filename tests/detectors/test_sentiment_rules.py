"""The problems a comment denies or has left behind (``_sentiment_rules``), read as "tốt" before
``comment_sentiment``'s head decides."""

from __future__ import annotations

import pytest

from comment_model_checks import judge_comments, without_and_with_gates, written_comments
from tinnhiem.detectors._sentiment_rules import READ_AS, read_as_fine, sentiment_rule
from tinnhiem.detectors.registry import get
from tinnhiem.text import fold

DET = get("comment_sentiment")


@pytest.mark.parametrize("text,words", [
    ("Kem chống nắng mua theo chị, đi biển về da con không bị đỏ", ["không bị đỏ"]),
    ("Da em hết thâm mụn sau 6 tuần, cảm ơn chị", ["hết thâm mụn"]),
    ("Giọng miền Tây dễ thương quá, nghe hoài không chán", ["không chán"]),
    ("Mua 2 năm rồi, vẫn dùng tốt, không hỏng hóc gì", ["không hỏng hóc"]),
    ("chao dung 5 thang roi ma mat van tron, ko bi troc ti nao", ["ko bi troc"]),  # no diacritics, teencode
    ("Xe đi 2 năm chẳng có gì để phàn nàn", ["chẳng có gì để phàn nàn"]),
    ("KHÔNG GÂY KÍCH ỨNG, không gây thêm mụn", ["KHÔNG GÂY KÍCH ỨNG", "không gây thêm mụn"]),  # mixed case
    ("Phòng hết mùi ẩm mốc thật, đáng tiền", ["hết mùi ẩm mốc"]),
    ("Mẹ bảo đỡ đau vai gáy nhiều, cảm ơn shop", ["đỡ đau"]),
    ("Shop làm ăn có tâm, không làm em thất vọng", ["không làm em thất vọng"]),
    ("dùng 3 tháng chưa bị hỏng lần nào", ["chưa bị hỏng"]),
])
def test_denied_and_ended_problems(text, words):
    spans = sentiment_rule(text)
    assert [text[s:e] for s, e in spans] == words
    rewritten = read_as_fine(text, spans)
    assert rewritten.count(READ_AS) >= len(words) and all(w not in rewritten for w in words)


@pytest.mark.parametrize("text", [
    "Bôi 2 tuần không hết mụn mà còn nổi thêm",  # a problem that stayed
    "dùng cả tháng vẫn chưa đỡ đau",
    "chả thấy hết thâm gì cả",
    "Bé dùng có bị đỏ không chị?",  # a question
    "có hết mụn đâu mà khen",  # a denial
    "Áo phơi 2 ngày không khô, vải dày quá",  # "khô" is no problem word: it may be what one wants
    "Cơm khô quá nuốt không trôi",
    "Mặt đỏ rát, nổi mụn li ti khắp má",  # the problem itself
    "ko on ti nao",  # "on" without diacritics is "ổn" as often as "ồn"
    "Sản phẩm tốt, giao hàng nhanh",
])
def test_problems_kept(text):
    assert sentiment_rule(text) == ()


def test_quoted_speech_is_not_told_apart():
    """A known limit: the shop's words quoted in a complaint read like the commenter's own."""
    text = "Shop bảo không thấy lỗi rồi không hoàn tiền"
    assert [text[s:e] for s, e in sentiment_rule(text)] == ["không thấy lỗi"]


@pytest.mark.parametrize("text", [
    "Kem chống nắng cho bé mình mua theo chị về dùng ổn lắm, đi biển về da con không bị đỏ",
    "Chị live dễ thương ghê, vừa nói vừa cười, xem không chán",
    "Xe đi 2 năm chẳng có gì để phàn nàn, chỉ thay dầu định kỳ thôi",
])
def test_praise_naming_a_problem_it_did_not_have_is_positive(text):
    assert DET.classify([text])[0][0] == "positive"


def test_gate_never_hides_a_phrase():
    """The Hyperscan gate only skips texts in which the pattern finds nothing."""
    from tinnhiem.detectors import _sentiment_rules as R

    texts = [r["text"] for r in written_comments("all") + judge_comments("comments")]
    texts += [fold(t) for t in texts] + ["😍không bị đỏ", "không\u00a0bị\u00a0mụn", "het mun", "", "k bi lag"]

    plain, gated = without_and_with_gates([R._GATE], lambda: [R.sentiment_rule(t) for t in texts])
    assert gated == plain
    assert sum(bool(s) for s in plain) > 30
