"""undisclosed_ad — derived: commercial content without a clear, prominent disclosure.

Depends on ``commercial_content`` and ``ad_disclosure`` (their findings for the same post).
``Finding.data``: ``kind`` — "missing" (no marker at all; major), "ambiguous_only" (only weak
markers; minor), "hidden_placement" (strong marker but not prominent; minor) — plus
``signals`` (from commercial_content) and ``disclosure`` (the ad_disclosure data or None).
Severity "missing" is raised to critical when the post is about a health supplement
(declared category). No finding when a prominent strong disclosure exists.

"missing" needs a sign that the post conveys a product for someone (``_common.conveys_product``:
a shop or affiliate link, a code, the platform cart, a tagged brand with a call to buy, a
platform flag or declaration; round 15: a collaborator's price offered to buyers, "giá CTV", in a
post recruiting no collaborators). A post that only sells the poster's own goods ("giá chỉ 199k,
ib em, ship COD") is commercial content, but not content "made for pay, free product or
commission" that VN-DISC-AD-LABEL requires to be marked as sponsored; its claims are judged by
the other rules. Any marker at all (even an ambiguous one) names a relationship, so the
"ambiguous_only" and "hidden_placement" kinds need no such sign.
"""

from __future__ import annotations

from tinnhiem import text as T
from tinnhiem.detectors._common import (DISCLOSURE_LEGAL_SOURCE, TEXT_FIELDS, commercial_signals,
                                       conveyor_cues, conveys_product, discount_hits,
                                       not_overlapping, scan)
from tinnhiem.detectors.base import Detector, quotes
from tinnhiem.model import PostView

# a gift voucher handed out by the merchant itself ("nhân dịp khai trương, quán tặng voucher
# 100.000đ cho khách"): a voucher to receive, not a code to enter for someone's commission
_GIFT_VOUCHER = T.compile_regex(
    r"(?:tang|phat|gui tang|tang ngay|tang kem|tang them)\s+(?:(?:ngay|kem|them|moi|cho)\s+)*"
    r"(?:\d+\s+)?(?:voucher|phieu qua tang|phieu mua hang|phieu giam gia|coupon)")
_THIRD_PARTY = ("affiliate_link", "brand_mention_cta", "paid_flag", "declared")
# round 15 — a collaborator's price offered to buyers ("ai cần ib e, e gửi giá CTV", "Ai lấy em để
# giá CTV nha"): the poster resells a brand's product as its collaborator, for a commission —
# content made for pay (VN-DISC-AD-LABEL); not a post recruiting collaborators ("tuyển CTV", "làm
# CTV không cần vốn"), which sells no product to the reader
# (offered: "lấy/gửi/để/báo … giá CTV"; not stock priced so, "còn đúng 7 hộp giá CTV")
_CTV_PRICE = T.compile_regex(
    r"(?:lay|gui|de|bao|nhan|cho|ib|inbox|xin)\s+(?:(?:minh|em|e|mk|chi|anh|toi|tui|ban|shop)\s+)?"
    r"gia\s+(?:ctv|cong tac vien)", boundaries=True)
T.register_prefilter(_CTV_PRICE)
_CTV_RECRUIT = T.compile_phrases(["tuyển ctv", "làm ctv", "tuyển cộng tác viên", "làm cộng tác viên",
                                  "nhận ctv", "cần ctv", "tuyển gấp ctv"])

KINDS = {
    "missing": (
        "major",
        "Nội dung thương mại ({q}) nhưng không có ghi nhận quảng cáo/tài trợ",
        "Commercial content ({q}) without any advertising/sponsorship disclosure",
    ),
    "ambiguous_only": (
        "minor",
        "Nội dung thương mại ({q}) chỉ có ghi nhận mơ hồ ({m}), chưa nói rõ là quảng cáo",
        "Commercial content ({q}) carries only an ambiguous marker ({m}), not a clear ad label",
    ),
    "hidden_placement": (
        "minor",
        "Nội dung thương mại ({q}) có ghi nhận quảng cáo ({m}) nhưng đặt ở vị trí khó thấy",
        "Commercial content ({q}) discloses advertising ({m}) only in a hard-to-notice place",
    ),
}
REMEDIATION = (
    "Ghi rõ \"Quảng cáo\" hoặc \"Được tài trợ bởi <nhãn hàng>\" ngay đầu chú thích (trong 125 ký "
    "tự đầu), nói rõ trong 30 giây đầu video và bật nhãn hợp tác trả phí của nền tảng."
)
REMEDIATION_EN = ("Write \"Advertisement\"/\"Sponsored by <brand>\" at the start of the caption, "
                  "say it in the first 30 s and use the platform's paid-partnership label.")


class UndisclosedAd(Detector):
    """Commercial post without a clear and prominent advertising disclosure."""

    id = "undisclosed_ad"
    # 1.13.0: "mã KOC của mình: X" is a code; "tự mua ở …" no call to buy
    # 1.14.0: "ma CODE10" typed bare is a code
    # 1.15.0: "không có tài trợ hay link mua" negates the link
    # 1.16.0 (round 39): a referral code read aloud ("mã mời của em là bảy bảy chín")
    # 1.17.0 (round 40): a name given to the dealer for a discount, a banner under the video
    version = "1.17.0"
    scope = "post"
    title_vi = "Quảng cáo không ghi nhận rõ ràng"
    title_en = "Undisclosed or unclearly disclosed advertising"
    severity = "major"
    depends_on = ("commercial_content", "ad_disclosure")
    legal_source = DISCLOSURE_LEGAL_SOURCE
    rule_confidence = "V"
    catalog_id = "VN-DISC-AD-LABEL"

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView)

    def detect(self, subject: PostView, upstream):
        commercial = list(upstream.get("commercial_content", ()))
        disclosure = next(iter(upstream.get("ad_disclosure", ())), None)
        if not commercial:
            # "#spon" alone names a sponsorship, so the post is sponsored content even without a
            # link or price — and that tag is the ambiguous marker VN-DISC-AMBIGUOUS-TAGS warns of;
            # so does a review made because the product was given ("được tặng … nên review")
            if _sponsored_tag_only(disclosure) or _gifted_review(subject, disclosure):
                yield from self._ambiguous_tag(subject, disclosure)
            elif disclosure is None and (personal := _personal_conveyor(subject)):
                yield from self._personal(subject, personal)
            return
        kind = _kind(disclosure)
        if kind == "hidden_placement" and _disclosure_is_the_only_cue(commercial, disclosure):
            return
        if kind is None or (kind == "missing" and (not (conveys_product(subject) or _collaborator_price(subject)
                                                        or (disclosure is None and _personal_conveyor(subject)))
                                                   or _own_gift_voucher_only(subject))):
            return
        severity, vi, en = KINDS[kind]
        if kind == "missing" and "health_supplement" in subject.product_categories:
            severity = "critical"
        evidence = list(commercial[0].evidence)
        marker_q = ""
        if disclosure is not None:
            evidence += [e for e in disclosure.evidence if e.field != "flags"]
            marker_q = quotes(disclosure.evidence, 2)
        q = quotes(commercial[0].evidence, 2)
        yield self.finding(
            subject,
            message=vi.format(q=q, m=marker_q),
            message_en=en.format(q=q, m=marker_q),
            evidence=evidence,
            severity=severity,
            confidence=min(commercial[0].confidence, 0.95),
            remediation=REMEDIATION,
            data={
                "kind": kind,
                "signals": list(commercial[0].data.get("signals", [])),
                "disclosure": dict(disclosure.data) if disclosure is not None else None,
                "remediation_en": REMEDIATION_EN,
            },
        )

    def _personal(self, subject: PostView, evidence):
        """round 17 — a personal account (a use story, hearsay) taking orders in private, with no
        commercial signal the shared lexicon knows: "missing" disclosure."""
        severity, vi, en = KINDS["missing"]
        if "health_supplement" in subject.product_categories:
            severity = "critical"
        q = quotes(evidence, 2)
        yield self.finding(
            subject,
            message=vi.format(q=q, m=""),
            message_en=en.format(q=q, m=""),
            evidence=list(evidence),
            severity=severity,
            confidence=0.75,
            remediation=REMEDIATION,
            data={
                "kind": "missing",
                "signals": ["personal_conveyor"],
                "disclosure": None,
                "remediation_en": REMEDIATION_EN,
            },
        )

    def _ambiguous_tag(self, subject: PostView, disclosure):
        severity, vi, en = KINDS["ambiguous_only"]
        evidence = [e for e in disclosure.evidence if e.field != "flags"]
        if not evidence:
            return
        m = quotes(disclosure.evidence, 2)
        yield self.finding(
            subject,
            message=vi.format(q="nội dung được tài trợ", m=m),
            message_en=en.format(q="sponsored content", m=m),
            evidence=evidence,
            severity=severity,
            confidence=0.75,
            remediation=REMEDIATION,
            data={
                "kind": "ambiguous_only",
                "signals": [],
                "disclosure": dict(disclosure.data),
                "remediation_en": REMEDIATION_EN,
            },
        )


# tags that name a brand relationship by themselves (FTC: "#partner" is not clear; catalog
# VN-DISC-AMBIGUOUS-TAG), unlike "#collab"/"#review"/"#gift" that friends and artists use too
_RELATION_TAGS = frozenset({"#partner", "#partnership", "#brandambassador", "#ambassador",
                            "#booking", "#kol", "#koc", "#hoptac"})


def _sponsored_tag_only(disclosure) -> bool:
    if disclosure is None or disclosure.data.get("strength") != "weak":
        return False
    if "sponsorship" in (disclosure.data.get("kinds") or ()):
        return True
    return any(T.lower(m).strip() in _RELATION_TAGS for m in disclosure.data.get("markers") or ())


# round 13 — a product reviewed because it was given: "mình được tặng gói ăn kiêng này nên review",
# "nhãn hàng gửi tặng nên mình giới thiệu" (content made for a free product, VN-DISC-AD-LABEL)
_GIFTED_REVIEW = T.compile_regex(
    r"(?:duoc tang|duoc gui|gui tang|nhan hang gui|hang gui|brand gui|qua tang tu|duoc nhan hang gui)"
    r"\s+(?:\S+\s+){0,6}?(?:nen|de|thi|roi)\s+(?:minh\s+|em\s+|toi\s+|tui\s+)?(?:review|gioi thieu|"
    r"danh gia|unbox|test|trai nghiem)\b", boundaries=True)
T.register_prefilter(_GIFTED_REVIEW)


def _gifted_review(subject: PostView, disclosure) -> bool:
    if disclosure is None or disclosure.data.get("strength") != "weak":
        return False
    if "gift" not in (disclosure.data.get("kinds") or ()):
        return False
    return bool(scan(subject, TEXT_FIELDS, _GIFTED_REVIEW))


def _disclosure_is_the_only_cue(commercial, disclosure) -> bool:
    """round 13 — the only commercial wording is the disclosure sentence itself ("Bài viết có sử
    dụng link tiếp thị liên kết." closing a plain product description): no call to buy precedes
    the label for it to hide from, so its placement is not a finding."""
    if disclosure is None:
        return False
    marks = [e for e in disclosure.evidence if e.field != "flags"]
    ev = [e for e in commercial[0].evidence if e.field != "flags"]
    return bool(ev) and all(any(m.field == e.field and T.overlaps((e.start, e.end), (m.start, m.end))
                                for m in marks) for e in ev)


def _collaborator_price(subject: PostView) -> bool:
    """The post offers a collaborator's price ("giá CTV") and recruits no collaborators."""
    return bool(scan(subject, TEXT_FIELDS, _CTV_PRICE)) and not scan(subject, TEXT_FIELDS, _CTV_RECRUIT)


# round 17 (creators' own posts and hearsay). A private person's account — their own or a
# relative's use story, or an admitted hearsay buy — that takes orders in private ("ai cần ib mình lấy giá sỉ",
# "ai muốn order chung thì inbox mình", "Ai cần thì để lại số điện thoại dưới bình luận", "nhắn tin
# riêng cho tôi", "bấm link mình gắn ở bình luận", "mã THUY5 giảm 5% cho fan"): the poster conveys
# someone's product for a margin or commission without saying so (VN-DISC-AD-LABEL). A shop
# selling its own goods ("shop", "bên em", "giỏ hàng", a live) is the merchant's own advertising.
_PRIVATE_ORDER = T.compile_regex(
    r"(?:(?:ai|ae|mn|moi nguoi|chi em|ban nao|me nao|cac chi|ca nha|quy vi|ai ma)\s+(?:\S+\s+){0,2}?"
    r"(?:can|muon|mua|lay|order|dat|quan tam|thich)\s+(?:\S+\s+){0,3}?"
    r"(?:inbox|ib|nhan tin rieng|nhan tin|nhan|cmt|comment)\s+(?:rieng\s+)?(?:cho\s+)?"
    r"(?:minh|em|e|t|tui|toi|mk|to|page)\b"
    r"|(?:inbox|ib|nhan tin|nhan)\s+(?:rieng\s+)?(?:cho\s+)?(?:minh|em|e|t|toi|tui|mk)\s+(?:\S+\s+){0,2}?"
    r"(?:lay gia|de gia|gui gia|gui dia chi|order|dat ho|mua ho|chi cho|ib link|gui link|lay si|gia si|gia tot)"
    r"|(?:mua chung|order chung|dat chung|order ho|mua ho|dat ho|gom don|gom order)"
    r"|(?:de lai|comment|cmt)\s+(?:so dien thoai|sdt|so)\s+(?:\S+\s+){0,2}?(?:duoi|o)\s+(?:phan\s+)?(?:binh luan|comment|cmt)"
    r"|goi\s+(?:so|hotline)\s+(?:tren man hinh|hien tren)"
    r"|(?:bam|vao|click)\s+link\s+(?:minh|em|t)\s+(?:\S+\s+)?(?:gan|ghim|de)"
    r"|(?:ma|code)\s+[a-z]{2,}\d+[a-z0-9]*\s+(?:giam|duoc giam|de giam)"
    r"|(?:bao|doc|noi)\s+ten\s+\S+\s+(?:\S+\s+)?(?:giam|duoc giam))", boundaries=True)
T.register_prefilter(_PRIVATE_ORDER)
_PERSONAL_USE = T.compile_phrases([
    "review thật", "mình dùng", "mình uống", "mình xài", "mình giảm", "mình bị", "tôi bị", "tôi dùng",
    "tôi uống", "em dùng", "em uống", "em xài", "chị bạn mình", "bạn mình", "bạn thân", "mẹ mình",
    "bố mình", "bé nhà mình", "con mình", "bác em", "bác e", "mẹ em", "mẹ e", "hàng xóm", "chưa dùng", "chưa uống", "chưa xài", "chưa thử", "mình order",
    "mình gom", "nhờ bí quyết", "về hưu", "ngồi đây chia sẻ", "thật sự hiệu quả", "khen"])
_OWN_SHOP = T.compile_phrases([
    "shop", "bên em", "bên mình", "nhà em", "cửa hàng", "giỏ hàng", "live", "livestream", "ctv",
    "cộng tác viên", "đại lý", "tuyển", "kho", "xưởng", "nhà thuốc", "tiệm", "khách bên em",
    "khách của em", "nhà mình có bán", "em bán", "mình bán"])


def _personal_conveyor(subject: PostView) -> list:
    """Evidence of a private order route in a personal account that no shop voice frames."""
    routes = scan(subject, TEXT_FIELDS, _PRIVATE_ORDER)
    if not routes or not scan(subject, TEXT_FIELDS, _PERSONAL_USE) or scan(subject, TEXT_FIELDS, _OWN_SHOP):
        return []
    return routes


def _kind(disclosure) -> str | None:
    if disclosure is None:
        return "missing"
    data = disclosure.data
    if data.get("strength") == "strong":
        return None if data.get("prominent") else "hidden_placement"
    return "ambiguous_only"


def _own_gift_voucher_only(subject: PostView) -> bool:
    """The only sign that the post conveys a product is a gift voucher the merchant itself hands
    out ("X tặng voucher trị giá 100.000đ cho 200 khách đầu tiên"): no link, cart, tagged brand,
    platform flag, declaration or code to enter. Such a post is the merchant's own advertising,
    not content made for someone else's pay (VN-DISC-AD-LABEL); its claims are judged by the
    other rules."""
    kinds = commercial_signals(subject).kinds
    if "discount_code" not in kinds or any(k in kinds for k in _THIRD_PARTY):
        return False
    mentions, codes = discount_hits(subject)
    if codes:
        return False  # "nhập mã ABC20"
    gifts = scan(subject, TEXT_FIELDS, _GIFT_VOUCHER)
    if not mentions or not_overlapping(mentions, gifts):
        return False  # a discount code other than a gift voucher
    return not conveyor_cues(subject)
