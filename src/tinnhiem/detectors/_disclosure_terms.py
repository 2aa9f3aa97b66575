"""Disclosure lexicons (Vietnamese + English) and clause-level negation (private helper).

Used by ``ad_disclosure`` (markers) and ``livestream_disclosure_not_repeated``. Sources:
catalog Appendix A.1/A.2 (VN markers), 4.1 FTC "Disclosures 101" and 16 CFR 255 (material
connections incl. affiliate commissions: "#ad", "sponsored", "paid partnership", "I earn a
commission"), 4.2 ASA/CMA ("Ad" upfront; "#affiliate"/"#aff" alone insufficient), 4.4 EU sweep
("collaboration", "partnership", thanks = ambiguous). English regexes are written for folded
(lower-case) text.

Negation: a marker is not a disclosure when a negator ("không", "chưa", "chẳng", "ko", "not",
"no", "never", "n't", "without", "unaffiliated") stands at most three words before it in the same
clause ("This video is NOT sponsored", "mình không nhận tài trợ", "I am not directly affiliated
with", "ko phải qc"), or when it belongs to a fixed non-disclosure phrase ("not an ad",
"non-sponsored", "no affiliate links", "thấy quảng cáo" — an ad the poster saw, not a label).
"""

from __future__ import annotations

import regex

from tinnhiem import text as T

# a buyer's bonus, not a gift to the poster ("chốt đơn trước 12h được tặng thêm 1 hộp"); shared
# with the commercial signals' negated cues
BUYER_BONUS = ("được tặng thêm", "được tặng kèm", "sẽ được tặng", "đều được tặng", "còn được tặng",
               "khách được tặng", "khách hàng được tặng", "đơn được tặng", "mua được tặng",
               # round 13 — an offer to the reader ("tham gia … và được tặng ngay 1 hộp")
               "được tặng ngay", "sẽ được tặng ngay")

# --------------------------------------------------------------------------- Vietnamese (A.1/A.2)

STRONG_VI = [
    "quảng cáo", "nội dung quảng cáo", "bài viết quảng cáo", "video quảng cáo", "được tài trợ",
    "tài trợ", "nhà tài trợ", "hợp tác có trả phí", "hợp tác quảng cáo", "quan hệ đối tác có trả phí",
    "bao gồm quảng cáo trả phí", "chứa quảng cáo trả phí", "nhận thù lao", "được trả phí",
    "có nhận tiền", "nhận tiền từ nhãn hàng", "tiếp thị liên kết", "nhận hoa hồng", "có hoa hồng",
    "hoa hồng khi", "hoa hồng từ", "link affiliate", "publicité", "collaboration commerciale",
    # "mỗi đơn em nhận được chút hoa hồng", "video có chứa liên kết tiếp thị"
    "chút hoa hồng", "ít hoa hồng", "nhận được hoa hồng", "được hưởng hoa hồng",
    "hưởng hoa hồng", "liên kết tiếp thị",
    "[qc]",
]
WEAK_VI = [
    "#spon", "#sp", "#pr", "#collab", "#collaboration", "#partner", "#partnership", "#gifted",
    "#gift", "được tặng", "quà tặng từ", "hợp tác cùng", "hợp tác với", "#ambassador",
    "đại sứ thương hiệu", "brand ambassador", "#affiliate", "#aff", "#qc", "#review",
    "#booking", "nhãn hàng gửi", "được gửi tặng", "gửi tặng", "#hoptac", "#kol", "#koc",
]

# --------------------------------------------------------------------------- English (FTC / ASA)

STRONG_EN = [
    "#ad", "#ads", "#advert", "#advertisement", "advertorial", "sponsored",
    "#sponsored", "sponsored by", "sponsoring", "our sponsor", "today's sponsor", "todays sponsor",
    "this video's sponsor", "thanks to our sponsor", "channel sponsors", "video sponsor",
    "paid partnership", "#paidpartnership", "paid promotion", "paid post", "paid content",
    "includes paid promotion", "promotional content", "brought to you by", "in paid partnership",
    "[ad]", "material connection", "compensated", "i was paid", "we were paid", "i got paid",
    # ("affiliate marketing"/"affiliate program"/"associates program" alone are topics — "how to
    # make money with affiliate marketing" — not disclosures; see the regexes below)
    "affiliate link", "affiliate links", "affiliate url", "affiliate commission",
    "referral link", "referral links", "referral code",
    "i am an affiliate", "i'm an affiliate", "we are an affiliate", "affiliated links",
    "affiliate disclosure", "affiliate disclaimer", "partnerprogramm", "#werbung", "werbung",
    "#anzeige", "enlaces de afiliado", "publicidad", "#publicidad", "#pub", "#publicite",
]
STRONG_EN_RE = [
    # "Ad:" / "AD |" at the start of a line or after a bracket
    r"(?m)(?:^|(?<=[\s(\[|]))ad\s*[:|\-]\s",
    # "Advertisement" as a label (line start, bracketed or followed by ":"/"|"), not as a noun
    r"(?m)(?:^[^\p{L}\p{N}\n]{0,3}|[\[(]\s*)advertisement\b|advertisement\s*[:|\])]",
    # affiliate in a disclosure sense: "(affiliate)", "links are affiliate(d)", "affiliates"
    r"\(\s*affiliates?\s*(?:links?)?\s*\)",
    r"\[\s*affiliates?\s*(?:links?)?\s*\]",
    r"affiliates?\s*:",
    r"links?\s+(?:\S+\s+){0,4}?(?:are|is|be|contain|contains|may\s+contain)\s+(?:\S+\s+){0,2}?affiliate[sd]?\b",
    r"(?:contains?|contain|uses?|using|includes?|including|through|via|with|my|our|these|are|be)\s+(?:\S+\s+){0,2}?affiliate\b",
    r"affiliate\s+(?:\S+\s+){0,2}?(?:links?|urls?|codes?|payments?|fees?)\b",
    # commission / payment for purchases through the link
    r"(?:earn|earns|earned|receive|receives|get|gets|make|makes|made|paid|pays|collect|collects)"
    r"\s+(?:\S+\s+){0,5}?(?:commissions?|referral\s+fees?|kickbacks?|percentage|small\s+cut|"
    r"small\s+fee|small\s+amount|portion\s+of)\b",
    r"commissions?\s+(?:\S+\s+){0,3}?(?:if|when|on|from|for|at\s+no)\b",
    r"(?:at|for|with)\s+no\s+(?:extra|additional)\s+(?:cost|charge)",
    r"(?:no|without\s+any)\s+(?:extra|additional)\s+cost\s+to\s+you",
    r"participant\s+in\s+(?:the\s+)?[\w\s.,]{0,40}?associates?\s+program",
    r"as\s+an?\s+(?:amazon\s+)?associate",
    # "These are Amazon associate links", "the above links are from Amazon Associates"
    r"associates?\s+links?",
    r"links?\s+(?:\S+\s+){0,4}?(?:amazon|an)\s+associates?\b",
]
WEAK_EN = [
    "#sp", "#spon", "#collab", "#partner", "#partnership", "#gifted", "#gift", "#pr",
    "#affiliate", "#aff", "#ambassador", "#brandambassador", "gifted by", "gifted to me",
    "pr sample", "press sample", "sent to me by", "in collaboration with", "in partnership with",
    "partnered with", "collab with", "free product", "received this product for free",
    "kindly sent", "affiliate", "affiliates", "#affiliatelink",
]
WEAK_EN_RE = [
    # "support the channel by shopping through these links", "bookmark this link to support us"
    r"support\w*[ \t]+(?:(?:[^\s,;!?.]|\.(?=\S))+[ \t]+){0,6}?(?:by|through|via|when|if|using|use)[ \t]+"
    r"(?:(?:[^\s,;!?.]|\.(?=\S))+[ \t]+){0,6}?(?:links?|amazon|shop|shopping|purchas\w*|buy\w*|order\w*)",
    r"(?:use|using|through|via|from|click\w*|shop\w*|buy\w*|purchas\w*)[ \t]+(?:(?:[^\s,;!?.]|\.(?=\S))+[ \t]+){0,6}?"
    r"(?:links?|amazon)[ \t]+(?:(?:[^\s,;!?.]|\.(?=\S))+[ \t]+){0,8}?(?:supports?|helps?|support\w*)\b",
    r"(?:help|helps|helping)[ \t]+(?:to[ \t]+)?(?:support|out)[ \t]+(?:the|this|my|our|us|me)\b"
    r"(?:[ \t]+(?:[^\s,;!?.]|\.(?=\S))+){0,8}?[ \t]+(?:links?|amazon|shop\w*|purchas\w*|buy\w*)",
    r"(?:links?|amazon|shop\w*|purchas\w*|buy\w*)[ \t]+(?:(?:[^\s,;!?.]|\.(?=\S))+[ \t]+){0,6}?(?:to|and|&)[ \t]+"
    r"(?:help[ \t]+)?support[ \t]+(?:(?:the|this|my|our)[ \t]+(?:channel|show|page|work|uploads?|videos?|"
    r"content|blog)|us|me)\b",
    r"bookmark[ \t]+(?:this|the|our|my|it\b)[ \t]*(?:amazon[ \t]+)?(?:link)?",
    r"thanks?[ \t]+(?:you[ \t]+)?(?:so[ \t]+much[ \t]+)?to[ \t]+@?[\w.]+[ \t]+for[ \t]+(?:sending|the[ \t]+free|gifting|providing)",
]
# Vietnamese-only weak tags that collide with English abbreviations ("Montreal, QC")
WEAK_VI_ONLY = ["qc"]

# --------------------------------------------------------------------------- negation

NEGATED_PHRASES = [
    "không phải quảng cáo", "không phải là quảng cáo", "chẳng phải quảng cáo", "không quảng cáo",
    "không hề quảng cáo", "ko phải qc", "k phải qc", "không phải qc", "không được tài trợ",
    "không có tài trợ", "không tài trợ", "không nhận tài trợ", "chưa nhận tài trợ",
    "không ai tài trợ", "không được trả phí", "không nhận tiền", "không nhận thù lao",
    "không có hoa hồng", "không booking", "not an ad", "not sponsored", "#notsponsored",
    "#notanad", "#nonsponsored", "no sponsor", "non sponsored", "non-sponsored", "unsponsored",
    "no affiliate links", "no affiliate link", "unaffiliated", "not affiliated", "not an affiliate",
    "no affiliation", "not paid", "never paid", "not being paid", "not a paid",
    "không phải bài pr", "không phải pr",
    # "quảng cáo" as what the poster saw or heard ("thấy quảng cáo là uống 1 viên …"), not a label
    "thấy quảng cáo", "xem quảng cáo", "nghe quảng cáo", "theo quảng cáo", "tin quảng cáo",
    "lời quảng cáo", "như quảng cáo", "như lời quảng cáo", "quảng cáo trên mạng",
    "quảng cáo trên tivi", "quảng cáo trên tv", "quảng cáo trên facebook",
    # a buyer's bonus, not a gift to the poster ("chốt đơn trước 12h được tặng thêm 1 hộp")
    *BUYER_BONUS,
]
# "quảng cáo" as what someone else says: "thấy KOL nổi tiếng quảng cáo là trị mụn", "nghe mấy
# chị bán hàng quảng cáo rằng …" (reported ad wording, not a label of this post)
SEEN_AD = (
    r"(?:thay|xem|nghe|doc|theo)\s+(?:[^\s.!?;:,]+\s+){1,5}?(?:quang cao|qc|pr)\s+(?:la|rang|bao|noi)\b"
)
# negators (folded); the marker is negated when one of them is ≤ 3 words before it in its clause
# a negated sponsorship statement cancels every marker up to the end of its sentence (or "but"):
# "This video is not sponsored by any brand, advertiser, PR representative or affiliate"
NEGATED_STATEMENT = (
    r"(?:not|never|no|n't|nor|neither)\s+(?:[^\s.!?]+\s+){0,3}?(?:sponsored|endorsed|paid|"
    r"compensated|affiliated|sponsor)\b(?:(?!\bbut\b|\bhowever\b)[^.!?\n])*"
)
# matched on lower-cased text WITH diacritics ("nó" = "it" is not "no"; "chùa" is not "chưa")
NEGATORS = frozenset({
    "không", "khong", "chưa", "chua", "chẳng", "chang", "chả", "ko", "k", "kh", "khg", "hông",
    "hok", "khum", "hem", "not", "no", "never", "nor", "without", "non", "neither", "isn't",
    "isnt", "wasn't", "wasnt", "aren't", "arent", "don't", "dont", "didn't", "didnt", "doesn't",
    "doesnt", "n't", "weren't", "ain't",
})
# an emoji closes a clause too: "không tàn không khói 🌿 #collab #partner" (the tags are not negated)
_CLAUSE_END = regex.compile(r"[.!?;\n|•►▶]|,\s|\s-\s|\p{Extended_Pictographic}")
_WORD_RE = regex.compile(r"[\p{L}\p{N}'’]+")


def negated(text: str, start: int, words: int = 3) -> bool:
    """Does a negator stand ≤ ``words`` words before ``start`` in the same clause of ``text``?"""
    head = text[max(0, start - 80):start]
    cut = list(_CLAUSE_END.finditer(head))
    if cut:
        head = head[cut[-1].end():]
    toks = _WORD_RE.findall(T.lower(head))[-words:]
    return any(t.replace("’", "'") in NEGATORS for t in toks)


def negated_spans(text: str) -> list[tuple[int, int]]:
    """Spans of fixed negated phrases and negated sponsorship statements."""
    vs = T.views(text)
    spans = T.search_views(_NEGATED_PHRASES_RX, vs)
    spans += T.search_views(_NEGATED_STATEMENT_RX, vs[:1])
    spans += T.search_views(_SEEN_AD_RX, vs)
    return spans


def compiled(kind: str):
    """Phrase pattern and regex patterns for ``kind`` in ("strong", "weak")."""
    return _COMPILED[kind == "strong"]


# --------------------------------------------------------------------------- marker kinds

_KINDS = (
    ("affiliate", regex.compile(
        r"affiliat|commission|associate|referral|hoa hong|tiep thi lien ket|no (?:extra|additional)"
        r"|percentage|kickback|small (?:cut|fee|amount)|portion of|partnerprogramm|afiliado")),
    ("support_channel", regex.compile(r"support|bookmark|help")),
    ("paid", regex.compile(r"paid|tra phi|thu lao|nhan tien|compensated|material connection")),
    ("sponsorship", regex.compile(r"sponsor|tai tro|brought to you|spon\b")),
    ("gift", regex.compile(r"gift|tang|sent|sample|free product|for free|for sending|providing")),
    ("ad_label", regex.compile(r"quang cao|\bqc\b|\bad\b|\bads\b|advert|publicit|werbung|anzeige"
                               r"|publicidad|\bpub\b|promotion|promotional")),
)


# a bare "affiliate(s)" / "#aff" is ambiguous (ASA: insufficient alone; often a topic or a
# "Social Media & Affiliates" heading)
_BARE = regex.compile(r"#?(?:affiliates?|aff|affiliatelink)")
_URL = regex.compile(r"(?:https?://|www\.)\S+", regex.IGNORECASE)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs: a marker inside a URL ("?referral_code=…") is not a disclosure."""
    if "://" not in text and "www." not in text.lower():
        return []  # every match holds one ("w" has no case variant but "W")
    return [m.span() for m in _URL.finditer(text, timeout=T.REGEX_TIMEOUT)]


def marker_kind(quote: str) -> str:
    """Coarse kind of a disclosure marker: affiliate, support_channel, paid, sponsorship, gift,
    ad_label, or other (collab/partner/ambassador/thanks tags, bare "affiliate")."""
    q = T.fold(quote).strip()
    if _BARE.fullmatch(q):
        return "other"
    for name, rx in _KINDS:
        if rx.search(q):
            return name
    return "other"


# compiled once at import (``T.compile_phrases`` per call re-hashes the whole list)
_NEGATED_PHRASES_RX = T.compile_phrases(NEGATED_PHRASES)
_NEGATED_STATEMENT_RX = T.compile_regex(NEGATED_STATEMENT, boundaries=True)
_SEEN_AD_RX = T.compile_regex(SEEN_AD, boundaries=True)
_COMPILED = {
    True: (T.compile_phrases(STRONG_VI + STRONG_EN), tuple(T.compile_regex(s) for s in STRONG_EN_RE)),
    False: (T.compile_phrases(WEAK_VI + WEAK_EN), tuple(T.compile_regex(s) for s in WEAK_EN_RE)),
}
