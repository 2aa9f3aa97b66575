"""Spam a comment section's readers recognise at once: the rules beside ``comment_spam``'s model.

The comment-section head misses many spam comments written like a viewer's remark (their P(spam)
was 0.066–0.39, under the 0.4 threshold, for the 42 comments of judge sets C and D that the
rules report and the head does not), so ``comment_spam`` also reports a comment that one of two
rules reads as spam:

**A promotion of something else** (``promotion``) sends the readers elsewhere — the poster's
profile or bio, a chat app, a group, a link, a web search — and offers them something there (a
job, a loan, a bet, goods, a course, a film) or calls on them ("ai cần", "ae nào"):

* it names an elsewhere (``ELSEWHERE``, searched in the folded text and in the text with its
  disguises unmasked: "l.i.n.k ở tiểu sử", "z a l o", "t.c.n"; or a made-up web address such as
  "phimhay.click"), and
* it offers something or calls on the readers (``OFFER``, ``AUDIENCE``), and
* it is not a viewer asking for the contact or warning about it (``REQUEST``, ``VICTIM``:
  "cho em xin link nhóm zalo", "vào nhóm VIP theo kèo, mất tiền oan").

**Engagement bait** (``engagement_bait``): a chain message ("ai đọc được dòng này…", "copy dòng
này dán vào 3 video") or begging for subscribers and likes in return ("sub chéo", "đăng ký kênh
em", "thả tim 5 video mình thả lại") — ``CHAIN`` and ``BEGGING``.

All lists are phrase patterns (diacritic-checked: "bán" is not "bạn"), searched in the folded text
and in the text with its disguises unmasked behind one small Hyperscan gate (``_phrase_gate``),
which keeps the common case — a comment with none of the phrases — at one scan.
"""

from __future__ import annotations

import re

from tinnhiem import text as T
from tinnhiem._textscan import two_level_cache
from tinnhiem.detectors._phrase_gate import PhraseGate

# where the poster sends the readers (folded; teencode forms listed as typed)
ELSEWHERE = (
    "trang cá nhân", "tcn", "tiểu sử", "bio", "ảnh đại diện", "avatar", "bài ghim", "bài viết ghim",
    "trên tường", "tường nhà", "vào nhóm", "tham gia nhóm", "vào group", "nhóm kín", "nhóm zalo",
    "nhóm tele", "zalo", "zl", "dalo", "telegram", "tele", "tê lê", "kết bạn zalo", "kb zalo",
    "ib page", "inbox page", "nhắn tin page", "nhắn tin trang", "nhắn page", "fanpage", "ghé page",
    "vào page", "để lại sđt", "để lại sdt", "để lại số", "để lại chữ", "để lại thông tin",
    "xin sđt", "xin sdt", "tìm gg", "tìm google", "gu gồ", "search gg", "lên gg", "link ở", "link trong",
    "link trên", "vào link", "bấm link", "click link", "bấm vào link", "link em để", "link mình để",
    "nhắn riêng", "nhắn tin riêng", "nhắn em", "nhắn e", "ib em", "ib e", "ib mình", "ib mik", "ib mk",
    "ib riêng", "ib ngay", "inbox em", "inbox mình", "inbox ngay", "nhắn ngay", "nhắn tin ngay",
    "liên hệ ngay", "liên hệ em", "liên hệ e", "liên hệ mình", "liên hệ qua", "liên hệ sđt", "liên hệ sdt",
    "lh", "hotline", "chấm com", "chấm net", "chấm vip",
)
# the end of a made-up address: "phimhay.click", "keo88 . vip", "abc(.)com"
_TLDS = "com|net|vip|click|xyz|top|club|fun|bet|live|info|site|online"
# what is offered there
OFFER = (
    "kiếm tiền", "kiếm thêm", "thu nhập", "lương", "việc làm", "việc nhẹ", "tuyển", "cần gấp", "ctv",
    "cộng tác viên", "làm tại nhà", "làm online", "việc online", "nhận việc", "vay", "giải ngân",
    "hỗ trợ vốn", "không thế chấp", "nhà cái", "cá cược", "cá độ", "kèo", "nổ hũ", "tài xỉu",
    "đá gà", "bắn cá", "đổi thưởng", "nạp", "casino", "sảnh", "18+", "phim", "clip nóng",
    "không che", "tâm sự", "gái xinh", "xem full", "full hd", "vietsub", "bán", "giá xưởng",
    "giá rẻ", "giá chỉ", "giá sỉ", "rẻ hơn", "freeship", "ship toàn quốc", "đặt hàng", "xem hàng",
    "order", "bảng giá", "sổ riêng", "khóa học", "học phí", "đăng ký", "tư vấn", "dịch vụ",
    "lấy lại", "cứu nick", "mở khóa", "thu hồi", "giải hạn", "cầu duyên", "xem bói", "lá số", "acc",
    "nick game", "visa", "vé máy bay", "nhận quà", "quà tặng", "tặng", "miễn phí", "ưu đãi",
    "giảm giá", "sale", "mã giảm", "đầu tư", "lợi nhuận", "tín hiệu", "coin", "crypto", "forex",
    "chứng khoán", "kinh doanh", "thụ động",
)
# calls on the other readers
AUDIENCE = ("ai cần", "ai muốn", "ai đang cần", "ai có nhu cầu", "bạn nào", "ae nào", "anh em nào",
            "chị em nào", "các mẹ", "mẹ nào", "mọi người", "mn", "các bác", "ai rảnh")
# a viewer asking for the contact
REQUEST = ("cho em xin", "cho mình xin", "cho e xin", "cho mk xin", "cho mik xin", "xin link", "ở đâu",
           "sao em không", "sao mình không", "ib em với", "ib e với", "ib mình với", "inbox em với",
           "nhắn em với", "được không ạ", "với ạ")
# a viewer warning about it or complaining
VICTIM = ("lừa", "bị lừa", "lừa đảo", "mất tiền", "mất sạch", "mất hết", "lỗ", "cháy tài khoản",
          "cháy tk", "nợ", "đừng", "cảnh báo", "cẩn thận", "tránh xa", "báo công an", "không liên lạc",
          "seen không rep", "không rep", "k rep", "ko rep", "hết hạn", "bỏ học", "không lên", "ko lên",
          "mới biết")
# chain messages
CHAIN = ("ai đọc được", "ai đọc tới đây", "ai đọc đến đây", "ai lướt qua", "lướt qua mà không", "lướt qua là",
         "copy dòng này", "copy comment này", "copy bình luận này", "dán vào", "chia sẻ bài này vào",
         "chia sẻ video này cho", "sẽ gặp may mắn", "sẽ xui", "điều ước sẽ", "là fan giả", "không chia sẻ là")
# begging for subscribers, followers and likes in return
BEGGING = ("tương tác qua lại", "tương tác chéo", "sub chéo", "follow chéo", "fl chéo", "theo dõi chéo",
           "đăng ký chéo", "like chéo", "đăng ký kênh em", "đăng ký kênh mình", "đk kênh em", "dk kênh mình",
           "ghé thăm kênh", "ghé kênh mình", "ghé kênh em", "ủng hộ kênh mình", "ủng hộ kênh em", "mới lập kênh",
           "kênh mới lập", "sub lại", "follow lại", "fl lại", "đăng ký lại", "dk lại", "đk lại", "thả tim lại",
           "thả lại", "like lại", "ghé thăm trang của tôi", "check my channel", "sub for sub")

_ADDRESS = re.compile(r"[a-z0-9-]{3,}(?:\.|\s*(?:\(\.\)|\[\.\]|·)\s*)(?:" + _TLDS + r")\b")
_ELSEWHERE, _OFFER, _AUDIENCE, _REQUEST, _VICTIM, _BAIT = (
    T.compile_phrases(p) for p in (ELSEWHERE, OFFER, AUDIENCE, REQUEST, VICTIM, CHAIN + BEGGING))
_NAMES, _BAITS = 0, 1  # the gate's groups: phrases (or an address) naming an elsewhere; bait phrases
# (the gate also reports ``_NAMES`` for the end of an address: "phim.click", "abc (.) com", "x·net")
_GATE = PhraseGate({_NAMES: ELSEWHERE, _BAITS: CHAIN + BEGGING},
                   {_NAMES: [r"(?:\.|\(\.\)|\[\.\]|\xc2\xb7)\s*(?:" + _TLDS + ")"]})
_renderings = _GATE.renderings


def _elsewhere(renderings) -> list[tuple[int, int]]:
    """Spans that name an elsewhere (``ELSEWHERE`` phrases, addresses) in the ``renderings``."""
    names = [v for v, groups in renderings if _NAMES in groups]
    spans = T.search_views(_ELSEWHERE, names) if names else []
    spans += [v.span(*m.span()) for v in names for m in _ADDRESS.finditer(v.folded)]
    return sorted(set(spans))


def _promotion(text: str, renderings) -> tuple[tuple[int, int], ...]:
    where = _elsewhere(renderings)
    if not where:
        return ()
    views = T.views(text)
    offer = T.search_views(_OFFER, views) + T.search_views(_AUDIENCE, views)
    if not offer or T.search_views(_REQUEST, views) or T.search_views(_VICTIM, views):
        return ()
    return tuple(T.merge_spans(where + offer))


def _engagement_bait(renderings) -> tuple[tuple[int, int], ...]:
    baits = [v for v, groups in renderings if _BAITS in groups]
    return tuple(T.search_views(_BAIT, baits)) if baits else ()


def promotion(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` that make it a promotion (an elsewhere, then what is offered or whom it
    calls on), or ``()`` when it is none (module docstring)."""
    return _promotion(text, _renderings(text)) if text else ()


def engagement_bait(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of chain-message and begging phrases in ``text`` (module docstring)."""
    return _engagement_bait(_renderings(text)) if text else ()


# (``comment_spam`` asks for a creator's whole comment section three times: its labels, its
# findings' flags, its findings — the cache holds a large one between them, as ``deobfuscate`` does)
@two_level_cache(short_entries=65_536)
def spam_rule(text: str) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """``("promotion" | "engagement_bait", spans)`` of the first rule that reads ``text`` as
    spam, or ``None`` (cached)."""
    renderings = _renderings(text) if text else ()
    if not renderings:
        return None  # (the common case: no phrase of either rule can match)
    if spans := _promotion(text, renderings):
        return "promotion", spans
    if spans := _engagement_bait(renderings):
        return "engagement_bait", spans
    return None
