"""Shared lexicons and scanners for post detectors (private: not a detector module).

``commercial_signals(post)`` is the single definition of "commercial intent" used by
``commercial_content``, by rule packs (``requires: [{signal: commercial}]``) and by the
category detectors (banned products, supplements).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from tinnhiem import text as T
from tinnhiem.deobfuscate import DIGIT_WORDS
from tinnhiem.detectors._disclosure_terms import BUYER_BONUS
from tinnhiem.detectors.base import field_group, field_texts, flag_evidence, make_evidence, per_object_cache
from tinnhiem.model import Evidence, PostView

RULES_DIR = Path(__file__).with_name("rules")
TEXT_FIELDS = ("caption", "transcript", "hashtags")


def scan(post, fields, pattern: regex.Pattern | None, *, exact: bool = False,
         original: bool = False) -> list[Evidence]:
    """Evidence for every match of ``pattern`` (folded; lower-case with diacritics if ``exact``;
    the stored text as written if ``original`` — for case-sensitive patterns such as codes)."""
    if pattern is None:
        return []
    kind = "raw" if original else "lower" if exact else "folded"
    if not T.may_match_any(pattern, field_group(post, fields), kind):
        return []  # one prefilter test for all the fields
    out = []
    for field, text in field_texts(post, fields):
        if original:
            vs = (T.View(text, text, kind="raw"),)
        else:
            vs = (T.lower_view(text),) if exact else T.views(text)
        for s, e in T.merge_spans(T.search_views(pattern, vs)):
            out.append(make_evidence(post, field, text, s, e))
    return out


def not_overlapping(hits: list[Evidence], excluded: list[Evidence]) -> list[Evidence]:
    """The ``hits`` that overlap no ``excluded`` evidence of the same field."""
    return [h for h in hits if not any(
        x.field == h.field and T.overlaps((h.start, h.end), (x.start, x.end)) for x in excluded)]


# --------------------------------------------------------------------------- links


_HOST_PREFIX = r"(?:https?://)?(?:[\w-]+\.)*"


def _filter_to_regex(line: str) -> str:
    src = regex.escape(line.lstrip("|")).replace(r"\*", r"[^\s]*")
    if line.startswith("||"):
        src = _HOST_PREFIX + src
    return src


@lru_cache(maxsize=1)
def affiliate_link_pattern() -> regex.Pattern:
    """Any filter line as a regex; the host prefix of the ``||`` lines is hoisted out of the
    alternation (the same language: ``P·A1 | P·A2 == P·(A1|A2)``) so it is tried once per start."""
    lines = (RULES_DIR / "affiliate_url_filters.txt").read_text(encoding="utf-8").splitlines()
    lines = [x.strip() for x in lines if x.strip() and not x.startswith("!")]
    hosts = [_filter_to_regex(x[2:]) for x in lines if x.startswith("||")]
    rest = [_filter_to_regex(x) for x in lines if not x.startswith("||")]
    parts = [_HOST_PREFIX + "(?:" + "|".join(hosts) + ")"] + rest
    tail = r"(?:[^\s]*[^\s.,;:!?)\]}'\"…])?"  # the rest of the URL, without trailing punctuation
    return regex.compile(r"(?<![\w.])(?:" + "|".join(parts) + r")" + tail, regex.IGNORECASE)


# --------------------------------------------------------------------------- commercial intent

# Calls to buy that point elsewhere — a shop link, the platform cart, a referral link: the
# poster conveys someone's product (and may earn from it), the case the disclosure duty is for.
CONVEYOR_CTA = [
    "giỏ hàng", "giỏ vàng", "bấm vào giỏ", "bấm giỏ", "link bio", "link ở bio", "link trong bio",
    "link tại bio", "link ở comment", "link ở bình luận", "link ghim", "link mua", "quẹt lên",
    "link sản phẩm", "link shopee", "link lazada", "link tiktok shop",
    # referral / affiliate links and "my link" (the creator earns from the purchase or sign-up)
    "link ref", "mã ref", "code ref", "link giới thiệu", "mã giới thiệu", "link affiliate",
    "link aff", "link tiếp thị liên kết", "link của mình", "link của em", "link của tớ",
    "link của tui", "mua qua link", "đặt qua link", "đăng ký qua link", "đăng kí qua link",
    "mở tài khoản qua link", "mở thẻ qua link", "tải app qua link", "link đăng ký", "link đăng kí",
    "link đặt hàng", "link dưới", "link ở dưới", "link bên dưới", "link phía dưới", "để link",
    "gửi link", "link đây", "link comment", "link trong comment", "link cmt", "link ở cmt",
    "link ở phần bình luận", "link trong phần bình luận", "link ở phần comment",
    "link ở phần mô tả", "link trong phần mô tả",
    # "link mình ghim ở comment", "order qua link mình", "link trên bio", "link ở mô tả": the
    # creator's own (pinned) link to buy through
    "link mình ghim", "link em ghim", "link tớ ghim", "link tui ghim", "link ghim ở",
    "ghim link", "ghim ở comment", "ghim ở cmt", "ghim ở bình luận", "ghim trên comment",
    "ghim dưới comment", "comment ghim", "cmt ghim", "bình luận ghim", "qua link mình",
    "qua link em", "qua link tớ", "qua link tui", "qua link của mình", "qua link của em",
    "order qua link", "chốt qua link", "chốt đơn qua link", "săn qua link", "link mình để",
    "link em để", "link trên bio", "link ở mô tả", "link trong mô tả", "link dưới mô tả",
    "link tại mô tả", "ở link này", "tại link này", "vào link này", "bấm link này",
    "ai cần link", "cần link thì", "xin link thì",
    # round 9 — a referral link to open an account on someone's platform ("inbox để nhận link mở
    # tài khoản"), and orders sent to a brand's page ("đặt hàng inbox fanpage")
    "link mở tài khoản", "link mở tk", "link tải app", "link vào sàn", "link đăng ký sàn",
    "link tham gia sàn", "link mở ví",
    # round 12 — a coin shill's exchange link left in the comments ("link sàn mình để dưới
    # comment")
    "link sàn", "để dưới comment", "để dưới cmt", "để dưới bình luận", "ở dưới comment",
    # round 10 — the reader is offered a collaborator's price through the poster ("ai cần inbox
    # mình lấy giá CTV"): the poster conveys a brand's product in its "cộng tác viên" network
    # (not "còn 7 hộp giá CTV": a reseller's own stock at a price tier)
    "lấy giá ctv", "lấy giá cộng tác viên", "ib mình giá ctv", "inbox mình giá ctv",
    "ib em giá ctv", "inbox em giá ctv", "nhắn mình giá ctv", "nhắn em giá ctv",
    "chiết khấu ctv", "chiết khấu cộng tác viên",
    # referral by the creator's name ("nhắc tên mình để được giảm 10%")
    "nhắc tên mình để", "nhắc tên mình giảm", "nhắc tên mình được", "nhắc tên mình sẽ",
    "nhắc tên tụi mình để", "nhắc tên em để", "nhắc tên em giảm", "nhắc tên em được",
    "nhắc tên tớ để", "nhắc tên kênh để", "nói tên mình để", "báo tên mình để",
    # round 40 — the creator's channel name given to the dealer ("cứ báo tên Tuấn Review với đại lý để
    # được giảm 10 triệu"), a betting or shop banner under the video ("bấm vào banner dưới video")
    "với đại lý để được giảm", "với shop để được giảm", "với showroom để được giảm",
    "banner dưới video", "bấm vào banner", "click vào banner",
    "người quen của mình để",
    # round 14 — the poster routes the reader to a seller ("ai cần thì nhắn tin mình chỉ chỗ mua
    # chính hãng"): a reseller's or collaborator's referral, not the poster's own shop
    "mình chỉ chỗ mua", "em chỉ chỗ mua", "tớ chỉ chỗ mua", "tui chỉ chỗ mua", "mình chỉ chỗ đặt",
    "em chỉ chỗ đặt", "mình chỉ chỗ order", "em chỉ chỗ order", "mình chỉ chỗ bán", "em chỉ chỗ bán",
    # "link … ở bio", "code giảm 15% ở bio": pointing to the profile's link or code
    "ở bio", "trong bio", "tại bio", "ở link bio",
    # English (cross-border/mixed posts; FTC/ASA practice)
    "link in bio", "link in my bio", "links in bio", "link below", "links below", "shop my",
    "shop the look", "swipe up", "tap to shop", "available at", "available on amazon",
    "affiliate link", "affiliate links",
]
# Calls to buy from the poster: what a shop says of its own goods
MERCHANT_CTA = [
    "chốt đơn", "lên đơn", "đặt hàng", "mua ngay", "flash sale", "freeship", "free ship",
    "săn sale", "ưu đãi độc quyền", "giá chỉ", "giá chỉ còn", "giá ưu đãi", "order ngay",
    "đặt ngay", "shop mình", "tiktok shop", "shopee mall", "deal hời", "sale sốc", "ship cod",
    "ship toàn quốc", "nhắn tin đặt hàng", "liên hệ đặt hàng", "mua 1 tặng 1", "mua 2 tặng 1",
    "giảm ngay", "số lượng có hạn", "còn 5 suất", "ghé shop", "1 tặng 1", "2 tặng 1",
    "shop now", "buy now", "get yours", "order now", "free shipping",
]
SHOP_CTA = CONVEYOR_CTA + MERCHANT_CTA
# Not calls to buy by themselves, but in a commercial post they show the product is conveyed
# (any link, the cart, the video description) or was given by its maker (catalog
# VN-DISC-AD-LABEL: content made "for pay, free product, commission or other benefit")
CONVEYOR_CUES = [
    "link", "links", "trong giỏ", "ở giỏ", "vào giỏ", "tại giỏ", "nhấn giỏ", "giỏ số",
    "ở mô tả", "trong mô tả", "dưới mô tả", "phần mô tả", "in the description", "description box",
    "được tặng", "gửi tặng", "nhãn hàng gửi", "hãng gửi", "brand gửi", "gifted",
]
# "inbox"/"ib" (and a bare selling price) only signal commerce together with another signal
# or a buying/consulting/product context
WEAK_CTA = ["inbox", "ib", "nhắn tin", "đặt mua", "mua tại", "mua ở"]
WEAK_CTA_CONTEXT = ["tư vấn", "báo giá", "đặt", "suất", "order", "size", "lấy hàng", "ship",
                    "mua", "sỉ", "đơn", "set", "giá chỉ", "chỉ còn", "giảm còn", "sale", "deal"]
DISCOUNT = ["mã giảm giá", "nhập mã", "voucher", "mã freeship", "mã ưu đãi", "mã giảm", "coupon",
            "discount code", "promo code", "coupon code", "use code", "use my code", "my code",
            "referral code", "% off with code",
            "code giảm", "code giảm giá", "code sale", "code ưu đãi", "code freeship",
            "mã của mình", "code của mình", "mã của em", "code của em"]
# a cue the post says it does NOT have ("không có link mua đâu", "không gắn link") conveys nothing
NEGATED_CUES = ["không có link", "không có link mua", "không gắn link", "không để link",
                "không có mã", "không có mã giảm giá", "không có code", "chẳng có link",
                "không kèm link", "không có link affiliate", "không phải link affiliate",
                # round 19 — a reviewer who paid for it ("tự mua ở cửa hàng, ko ai tài trợ, ko link")
                "tự mua ở", "tự mua tại", "tự bỏ tiền mua", "tự bỏ tiền ra mua",
                # round 34 — "Bài không có tài trợ hay link mua", "không tài trợ, không link"
                "không có tài trợ hay link", "không có tài trợ hay link mua", "không tài trợ hay link",
                "không tài trợ, không link", "không có tài trợ, không có link",
                *BUYER_BONUS]
CTA_VERBS = ["mua ngay", "ghé shop", "ghé store", "ghé cửa hàng", "order", "săn sale", "săn deal",
             "link mua", "link ở", "link trong", "link dưới", "link đây", "mua ở", "mua tại",
             "đặt hàng", "dùng thử ngay", "ưu đãi"]

# a code as typed: an upper-case letter, then 3+ upper-case letters or digits; ``_CODE_WITH_DIGIT``
# only one that holds a digit ("MAY10", not "NHẬP KHẨU")
_CODE_TOKEN = r"\p{Lu}[\p{Lu}0-9]{3,}"
_CODE_WITH_DIGIT = r"(?=[\p{Lu}0-9]*[0-9])" + _CODE_TOKEN
# a digit said aloud, from the spelled-number lexicon the deobfuscator reads
_DIGIT_WORD = r"(?i:" + "|".join(sorted(DIGIT_WORDS, key=len, reverse=True)) + ")"
_CODE = regex.compile(r"(?<![\p{L}\p{N}])(?:(?i:code|mã|mã code)"
                      # round 19 — whose code it is: "mã KOC của mình: GLOWME", "mã mời của mình là VUA88"
                      r"(?:\s+(?i:koc|kol|ref|mời|moi|giới thiệu|gioi thieu|affiliate|aff|riêng|rieng))?"
                      r"(?:\s+(?i:của|cua)\s+(?i:mình|minh|em|tui|tôi|toi))?(?:\s+(?i:là|la))?"
                      r"\s*[:\-]?\s*" + _CODE_TOKEN +
                      # "nhập MAY10": a code after "enter" has a digit
                      r"|(?i:nhập|nhap)\s*[:\-]?\s*" + _CODE_WITH_DIGIT +
                      # round 33 — "mã" typed bare ("Ma CHANH50 nha", "Ma MEBONG giam 30k"): "ma" is also
                      # "mà", so the code needs a digit or a discount after it
                      r"|(?i:ma)\s*[:\-]?\s*(?:" + _CODE_WITH_DIGIT + "|" + _CODE_TOKEN +
                      r"(?=\s+(?i:giam|giảm)\s))"
                      # round 39 — a referral code read aloud ("mã mời của em là bảy bảy chín")
                      r"|(?i:mã|ma)\s+(?i:mời|moi|giới thiệu|gioi thieu|ref)"
                      r"(?:\s+(?i:của|cua)\s+(?i:mình|minh|em|tui|tôi|toi))?\s+(?i:là|la)\s+"
                      r"(?:\d{2,}|" + _DIGIT_WORD + r"(?:\s+" + _DIGIT_WORD + r"){2,}))(?![\p{L}\p{N}])")
# "check out the serum at https://…" / "check it out on amazon"
_CHECK_OUT = regex.compile(r"(?i)check\s+(?:it|them|this|these|[\w'’-]+(?:\s+[\w'’-]+){0,4})\s+out\s+(?:at|on|here)\b"
                           r"|(?i)check\s+out\s+(?:[\w'’-]+\s+){0,5}?(?:at|on)\s+(?:https?://|www\.|amazon|sephora|\w+\.(?:com|vn|co))")
_AMOUNT = (
    # round 13 — millions written with the hundreds after the unit: "1tr150", "giá 3tr5"
    r"(?:\d{1,3}\s?(?:tr|triệu|trieu|củ|cu)\s?\d{1,3}(?![\p{L}\p{N}])|"
    r"\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?\s?"
    r"(?:₫|vnđ|vnd|đồng|đ|k|nghìn|ngàn|tr|triệu|trieu|nghin|ngan)(?![\p{L}\p{N}]))"
)
# a price is a selling price only with a price word before it or a unit after it
_PRICE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:giá|gia|chỉ|chi|chỉ còn|chi con|giảm còn|giam con|sale|deal|ưu đãi|only)"
    r"\s*(?:chỉ\s*|còn\s*|từ\s*|:\s*)?"
    + _AMOUNT
    + r"|(?<![\p{L}\p{N}.,])" + _AMOUNT + r"\s*/\s*(?:hộp|chai|lọ|set|combo|sp|cái|gói|tuýp|hũ|bộ|liệu trình)",
    regex.IGNORECASE,
)
_MENTION = regex.compile(r"(?<![\w@])@[\w.]{2,}")
_DIGIT = regex.compile(r"\d")  # every ``_PRICE`` match contains one (``_AMOUNT``)


def scan_price(post, fields) -> list[Evidence]:
    """``scan(post, fields, _PRICE, exact=True)``, skipping fields without a digit (no match)."""
    with_digits = tuple(f for f, text in field_texts(post, fields) if _DIGIT.search(text))
    return scan(post, with_digits, _PRICE, exact=True) if with_digits else []


@dataclass(frozen=True)
class Signals:
    kinds: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    def __bool__(self) -> bool:
        return bool(self.kinds)


def _text_signals(post: PostView) -> dict[str, list[Evidence]]:
    found: dict[str, list[Evidence]] = {}
    link = affiliate_link_pattern()
    found["affiliate_link"] = scan(post, ("caption", "links", "transcript"), link)
    negated = scan(post, TEXT_FIELDS, _NEGATED_RX)
    mentions, codes = discount_hits(post, negated)
    found["discount_code"] = mentions + codes
    found["shop_cta"] = not_overlapping(scan(post, TEXT_FIELDS, _SHOP_CTA_RX), negated) + scan(
        post, ("caption", "transcript"), _CHECK_OUT, original=True
    ) + referral_routes(post)
    # a price or a weak call to action counts only in a commercial context: ask that first
    # (four posts in ten have none, and the price pattern is one of the costliest scans)
    if any(found.values()) or _weak_context(post):
        weak = not_overlapping(scan(post, TEXT_FIELDS, _WEAK_CTA_RX), negated)
        price = scan_price(post, ("caption", "transcript"))
        if weak or price:
            found["shop_cta"] += weak
            found["price"] = price
    return found


def discount_hits(post: PostView, negated: list[Evidence] | None = None
                  ) -> tuple[list[Evidence], list[Evidence]]:
    """``(mentions, codes)``: discount-code phrases not negated ("mã giảm giá", "voucher") and
    codes written to be entered ("code MAY10", "nhập MAY10"); ``negated``: the post's
    ``NEGATED_CUES`` hits when already scanned."""
    if negated is None:
        negated = scan(post, TEXT_FIELDS, _NEGATED_RX)
    return (not_overlapping(scan(post, TEXT_FIELDS, _DISCOUNT_RX) + scan(post, TEXT_FIELDS, _NAME_REFERRAL),
                            negated),
            scan(post, TEXT_FIELDS, _CODE, original=True))


def conveyor_cues(post: PostView) -> bool:
    """A call to buy through someone else's channel — the cart, a pinned or bio link, "link
    ref", "check it out at …", an investment group of the recruiter's own, a brand's fanpage after
    a family testimonial — that no negation cancels."""
    return bool(
        not_overlapping(scan(post, TEXT_FIELDS, _CONVEYOR_RX), scan(post, TEXT_FIELDS, _NEGATED_RX))
        or scan(post, ("caption", "transcript"), _CHECK_OUT, original=True)
        or referral_routes(post))


# round 9 (real press wording). A recruiter drawing followers into their own group to trade on a
# platform ("Sàn X lợi nhuận 25%/tháng … Vào nhóm Zalo của mình để được hướng dẫn nạp tiền"): the
# poster conveys the platform for a referral (catalog VN-FIN-HIGH-RISK, VN-DISC-AFFILIATE).
_JOIN_GROUP = T.compile_regex(
    r"(?<!dau tu\s)(?:vao|tham gia|join|vo|keo vao)\s+(?:nhom|group|box|kenh|room)\s+"
    r"(?:(?:zalo|telegram|tele|chat|kin|vip|rieng|tin hieu|signal)\s+){0,2}"
    r"(?:cua|voi|cung)\s+(?:minh|em|toi|tui|team minh|chung minh|anh|chi|tao)\b", boundaries=True)
_INVESTMENT = T.compile_phrases([
    "sàn giao dịch", "nạp tiền", "lợi nhuận", "đầu tư", "forex", "crypto", "tiền ảo", "tiền số",
    "tiền điện tử", "giao dịch", "chứng khoán", "ủy thác", "uỷ thác", "mở tài khoản", "lãi suất",
    "x2 tài khoản", "x5 tài khoản", "x10 tài khoản", "bảo hiểm vốn", "vốn", "coin", "token"])
# a named person's discount ("ghé quán đọc tên Bin được giảm 10%"): a referral code in substance
_NAME_REFERRAL = T.compile_regex(
    r"(?:doc|nhac|bao|noi|xung)\s+ten\s+(?:\S+\s+){0,3}?(?:de\s+)?(?:duoc|se duoc|la duoc|thi duoc|la|de)"
    r"\s+(?:giam|tang|uu dai|mien phi|free|discount|bot|chiet khau|nhan qua|nhan uu dai)", boundaries=True)
# a family testimonial ("bé nhà Linh uống … được 7 tháng") that sends orders to a fanpage: the
# poster is not the seller
_FANPAGE_ORDER = T.compile_regex(
    r"(?:inbox|ib|nhan tin|dat hang|order|lien he|dat mua|mua)\s+(?:qua\s+|cho\s+|vao\s+|tai\s+|o\s+)?"
    r"(?:fanpage|fan page|trang chinh hang|page chinh hang)\b", boundaries=True)
_FAMILY_USE = T.compile_phrases([
    "bé nhà", "con nhà", "con mình", "con em", "con tớ", "con tui", "cháu nhà", "nhà mình dùng",
    "nhà mình uống", "mình dùng", "mình uống", "mình xài", "em dùng", "em uống", "em xài"])
for _pattern in (_JOIN_GROUP, _NAME_REFERRAL, _FANPAGE_ORDER):
    T.register_prefilter(_pattern)
# round 12 (real press wording). An endorsement dressed as sharing — hearsay, a friend's use, "em
# không bán đâu, chỉ chia sẻ thôi" — that then takes orders in private ("ai lấy ib mình gửi
# giá", "nhắn em gửi link mua"): the poster conveys the product without saying so
# (VN-DISC-AD-LABEL). The rare private-price call is scanned first.
_PRIVATE_PRICE = T.compile_phrases([
    "ib mình gửi giá", "ib em gửi giá", "inbox mình gửi giá", "inbox em gửi giá",
    "ib mình báo giá", "ib em báo giá", "nhắn mình gửi giá", "nhắn em gửi giá",
    "nhắn mình báo giá", "nhắn em báo giá", "em gửi link mua", "mình gửi link mua",
    "nhắn em gửi link", "nhắn mình gửi link", "ib em gửi link", "ib mình gửi link"])
_HEARSAY = T.compile_phrases(["nghe nói", "nghe đồn", "nghe bảo", "truyền tai nhau"])
_SHARING = T.compile_phrases([
    "chị bạn mình", "bạn mình dùng", "bạn mình uống",
    "em không bán đâu", "mình không bán đâu", "không bán đâu", "chỉ chia sẻ thôi",
    "chia sẻ thôi", "không phải quảng cáo đâu"])


def referral_routes(post: PostView) -> list[Evidence]:
    """A route through which the poster conveys someone else's product: their own trading group
    with an investment pitch, or a brand's fanpage after a family-use testimonial."""
    out = []
    groups = scan(post, TEXT_FIELDS, _JOIN_GROUP)
    if groups and scan(post, TEXT_FIELDS, _INVESTMENT):
        out += groups
    pages = scan(post, TEXT_FIELDS, _FANPAGE_ORDER)
    if pages and scan(post, TEXT_FIELDS, _FAMILY_USE):
        out += pages
    private = scan(post, TEXT_FIELDS, _PRIVATE_PRICE)
    if private and (scan(post, TEXT_FIELDS, _SHARING) or (
            scan(post, TEXT_FIELDS, _HEARSAY) and scan(post, TEXT_FIELDS, _FAMILY_USE))):
        out += private  # hearsay counts only beside a use story ("bạn mình dùng cho con")
    return out


def _weak_context(post: PostView) -> bool:
    return bool(scan(post, TEXT_FIELDS, _WEAK_CONTEXT_RX))


def _mention_cta(post: PostView, found: dict[str, list[Evidence]]) -> list[Evidence]:
    mentions = scan(post, ("caption",), _MENTION, exact=True)
    if not mentions and not post.mentions:
        return []
    cta = found["shop_cta"] or found["discount_code"] or scan(
        post, TEXT_FIELDS, _CTA_VERBS_RX
    )
    return (mentions or [flag_evidence("@" + post.mentions[0])]) + cta[:1] if cta else []




DISCLOSURE_LEGAL_SOURCE = (
    "Luật Quảng cáo 16/2012/QH13 Điều 23 khoản 2 điểm đ và Điều 15a (sửa đổi bởi Luật "
    "75/2025/QH15); Luật Bảo vệ quyền lợi người tiêu dùng 19/2023/QH15 Điều 22 khoản 3"
)


@per_object_cache()
def commercial_signals(post: PostView) -> Signals:
    """All commercial-intent signals of a post (cached per post object)."""
    return _commercial_signals(post)


def _commercial_signals(post: PostView) -> Signals:
    found = _text_signals(post)
    found["brand_mention_cta"] = _mention_cta(post, found)
    found["paid_flag"] = [flag_evidence("paid_partnership")] if post.paid_partnership else []
    found["declared"] = [flag_evidence("declared_collaboration")] if post.declared_collaboration else []
    kinds = tuple(k for k, v in found.items() if v)
    ev = tuple(e for k in kinds for e in found[k])
    return Signals(kinds, ev)


def has_commercial_intent(post) -> bool:
    return isinstance(post, PostView) and bool(commercial_signals(post))


CONVEYING_SIGNALS = ("affiliate_link", "discount_code", "brand_mention_cta", "paid_flag", "declared")


def conveys_product(post: PostView) -> bool:
    """The post promotes a product for someone — a shop or affiliate link, a code, the platform
    cart, a tagged brand with a call to buy, a platform flag or declaration — rather than only
    selling the poster's own goods ("giá chỉ 199k, ib em, ship COD")."""
    kinds = commercial_signals(post).kinds
    return any(k in kinds for k in CONVEYING_SIGNALS) or conveyor_cues(post)


# --------------------------------------------------------------------------- product lexicons

SUPPLEMENT = [
    "thực phẩm chức năng", "tpcn", "thực phẩm bảo vệ sức khỏe", "thực phẩm bảo vệ sức khoẻ",
    "tpbvsk", "viên uống", "viên sủi", "collagen", "men vi sinh", "men tiêu hóa",
    "đông trùng hạ thảo", "tảo xoắn", "tảo spirulina", "giảm cân", "tăng chiều cao", "bổ gan",
    "bổ thận", "bổ não", "mát gan", "giải độc gan", "tăng cân", "trắng da từ bên trong",
    "hồng sâm", "nhân sâm", "canxi", "omega 3", "vitamin", "kẹo giảm cân",
    "trà giảm cân", "bột ngũ cốc dinh dưỡng", "nội tiết tố", "tinh chất mầm đậu nành",
    "glucosamine", "sụn vi cá mập", "yến sào", "fucoidan", "nano curcumin", "detox",
]
PRODUCT_WORDS = SUPPLEMENT + [
    "sản phẩm", "sp", "hộp", "liệu trình", "combo", "kem dưỡng", "serum", "mỹ phẩm", "siro",
    "trà thảo mộc", "cao dán", "son", "skincare", "mẫu mới", "hàng mới về", "chính hãng",
]
HEALTH_CATEGORIES = ("health_supplement", "food", "cosmetics", "drug", "medical_device")

# compiled once at import (``T.compile_phrases`` per call re-hashes the whole list)
_DISCOUNT_RX = T.compile_phrases(DISCOUNT)
_SHOP_CTA_RX = T.compile_phrases(SHOP_CTA)
_CONVEYOR_RX = T.compile_phrases(CONVEYOR_CTA + CONVEYOR_CUES)
_NEGATED_RX = T.compile_phrases(NEGATED_CUES)
_WEAK_CTA_RX = T.compile_phrases(WEAK_CTA)
_WEAK_CONTEXT_RX = T.compile_phrases(WEAK_CTA_CONTEXT + PRODUCT_WORDS)
_CTA_VERBS_RX = T.compile_phrases(CTA_VERBS)

# in the shared Hyperscan prefilter from the start (by the view kind each one runs on)
for _pattern, _kind in ((_PRICE, "lower"), (_MENTION, "lower"), (_CODE, "raw"),
                        (_CHECK_OUT, "raw"), (affiliate_link_pattern(), "folded")):
    T.register_prefilter(_pattern, _kind)
