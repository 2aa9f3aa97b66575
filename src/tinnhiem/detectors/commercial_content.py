"""commercial_content — FACT: the post carries commercial intent (not a violation by itself).

Signals (``Finding.data["signals"]``, in this order): affiliate_link (catalog Appendix B hosts
and the Mathur et al. 2018 affiliate URL filters), discount_code ("mã giảm giá", "nhập mã",
"voucher", "code ABC20"), shop_cta ("giỏ hàng", "link bio", "chốt đơn", "inbox", "mua ngay",
"freeship", "link mình ghim ở comment", "order qua link mình", "sp ở link này", "1 tặng 1" …), price ("199k", "250.000đ"), brand_mention_cta (@brand + call to action),
paid_flag (platform paid-partnership flag), declared (named by a collaboration declaration).
"""

from __future__ import annotations

from tinnhiem.detectors._common import commercial_signals
from tinnhiem.detectors.base import Detector, quotes
from tinnhiem.model import PostView

SIGNAL_VI = {
    "affiliate_link": "link tiếp thị liên kết/cửa hàng",
    "discount_code": "mã giảm giá",
    "shop_cta": "lời kêu gọi mua hàng",
    "price": "giá bán",
    "brand_mention_cta": "gắn thẻ nhãn hàng kèm lời kêu gọi",
    "paid_flag": "nhãn hợp tác trả phí của nền tảng",
    "declared": "khai báo hợp tác",
}
STRONG = {"affiliate_link": 0.95, "paid_flag": 1.0, "declared": 1.0, "discount_code": 0.9}


class CommercialContent(Detector):
    """Post shows commercial intent: shop/affiliate links, codes, prices, calls to buy, flags."""

    id = "commercial_content"
    # 1.9.0: "mã KOC của mình: X" is a code; "tự mua ở …" no call to buy
    # 1.10.0: "ma CODE10" typed bare is a code
    # 1.11.0: "không có tài trợ hay link mua" negates the link
    # 1.12.0 (round 39): a referral code read aloud ("mã mời của em là bảy bảy chín")
    # 1.13.0 (round 40): a name given to the dealer for a discount, a banner under the video
    version = "1.13.0"
    scope = "post"
    title_vi = "Nội dung có tính thương mại"
    title_en = "Commercial content"
    severity = "info"
    legal_source = (
        "Luật Quảng cáo 16/2012/QH13 (sửa đổi bởi Luật 75/2025/QH15) Điều 2, Điều 23; "
        "Luật Thương mại điện tử 122/2025/QH15 Điều 25–26 (tiếp thị liên kết)"
    )
    rule_confidence = "V"
    catalog_id = "VN-DISC-AFFILIATE"

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView)

    def detect(self, subject: PostView, upstream):
        sig = commercial_signals(subject)
        if not sig:
            return
        names = ", ".join(SIGNAL_VI[k] for k in sig.kinds)
        q = quotes(sig.evidence)
        confidence = max(STRONG.get(k, 0.8) for k in sig.kinds)
        yield self.finding(
            subject,
            message=f"Bài đăng có dấu hiệu thương mại ({names}): {q}",
            message_en=f"Post shows commercial intent ({', '.join(sig.kinds)}): {q}",
            evidence=sig.evidence,
            confidence=confidence,
            data={"signals": list(sig.kinds)},
        )
