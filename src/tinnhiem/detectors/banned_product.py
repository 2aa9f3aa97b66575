"""banned_product — promotion of a product banned from advertising (Art. 7 Law 16/2012).

Variants (``Finding.category`` / ``data["variant"]``): tobacco (incl. e-cigarettes, heated
tobacco — "thuốc lá làm nóng/nung nóng" —, shisha, nicotine pouches/snus; a bare "pod" only next
to a vaping word — hút, hơi, vị, nicotine, tinh dầu, kéo … — or followed by a brand name ("Pod
Velio"), and never with coffee/laundry pods), alcohol ≥ 15° (spirits incl. "… Tửu"; ABV parsed from "40 độ", "40%",
"40% vol", "độ cồn 40"; spirits named without ABV count, at lower confidence and only with
commercial intent; wine, soju, sake and beer only with a parsed ABV ≥ 15; "40 do" without
diacritics and spelled-out numbers "ba mươi chín độ" are parsed too), infant_formula
(any milk except sữa mẹ/sữa tươi/sữa tắm … with an age below 24 months — "0-6 tháng",
"dưới 24 tháng", "từ 6 tháng", "1-2 tuổi", "bé 3 tháng", "4 tháng tuổi", "sơ sinh" —; weaning
food "bột/cháo ăn dặm" with an age below 6 months; bottles/teats), drug (prescription drugs:
"thuốc kê đơn", antibiotics, corticoids, named Rx molecules and Rx suffix families
-cillin/-mycin/-floxacin/cef…/-prednisolon/-steride/-sartan/-statin …; not a drug the promoted
product claims to replace: "không phải dùng kháng sinh nữa", "bỏ hẳn thuốc ngủ"), gambling, weapons and
restricted tools (súng hơi/đạn cao su, roi điện, bình xịt hơi cay, pháo nổ …) and sexual
stimulants (category "other"; arousal and stamina wording — "tạo hưng phấn", "sung sức cả đêm" —
and the yang tonic "tráng dương" count; men's-health condition words — "yếu sinh lý", "sinh lý
nam", "tráng dương" — do not count in a post that declares a health supplement, which the
supplement rules judge). A "máy hâm nóng" is a heated-tobacco device only next to its sticks or a
smoker's word ("thanh nhiệt", "mùi ám tóc"), never a milk or food warmer.
Heated-tobacco devices named generically ("máy làm nóng", "máy nung") count next to a smoking word or a
stick flavour ("vị bạc hà", "đủ vị"), and a device sold with its sticks ("combo máy kèm 2 cây") next
to a smoking word; a vape sold by its puff count ("máy 6000 hơi", "8k hơi") counts by itself, and a
coded name that is also lawful goods ("máy thở") only with a banned-goods seller's evasion ("ship
kín ghi tên nước hoa", "trước lệnh cấm"); preterm infants ("sinh non", "thiếu tháng") are newborns. Every variant requires a promotional context: commercial intent
(see ``_common.commercial_signals``), or — outside reports, warnings, bans, refusals and
medical advice ("cảnh báo", "triệt phá", "cấm", "tránh xa", "chỉ định" …) — sale, offer,
launch, gift, scarcity or boasting words ("ship", "giá sỉ", "flash sale", "giảm 20%",
"khai trương", "tặng", "chỉ còn", "còn đúng", "chốt nhanh", "lên kệ", "đặt trước", "bên mình
bán", "live", "vào link", "số 1", "xịn nhất" …) or a selling price, or the seller addressing the
audience about the product on offer ("mấy ông ơi rượu … này", "đây các bác ơi") outside
questions, warnings and personal stories; a bare price ("hộp 400g 189k"); self-medication advice
("mẹ tự mua về cho con uống 3 ngày là khỏi", "không cần đi khám"); or boasting about what the
product does outside warnings — "tốt như sữa mẹ", "ít hại hơn thuốc lá", "không khói", "là khỏi",
"tăng 5kg"; an injectable to give oneself at home ("mua về tự truyền tại nhà"). Sanction reports
("Thanh tra … phạt 40 triệu đồng") are not promotion (``_category.not_promotion_hits``), except
that the coming ban used as a seller's urgency ("tranh thủ gom hàng trước lệnh cấm") is not a
report; neither are a shop announcing it stopped selling the product ("đã ngừng kinh doanh vape
… đừng inbox hỏi mua nữa", unless it clears stock or sells on), a pharmacy's prescription policy
("chỉ bán kháng sinh khi có đơn của bác sĩ"), or "chỉ còn" of a statistic or opening hours.
One finding per (post, category).

When no variant matches, the statement classifier (``models/claim_model.py``, as for the claim
rules with ``model_assist``) may stand in for the wording: a caption of at least eight words it
gives at least its threshold for ``banned_product``, in a promotional post that is no sanction
report, gives ONE lower-confidence finding quoting the caption's most likely sentence outside
reported or warned-about speech; its variant is the banned category the post is about
(``_category``), else unnamed ("other"). The other way round (1.15.0, ``model_veto``): when every
variant hit lies in a caption of 8+ words that the classifier gives less than its ``veto_below``
(0.1) for ``banned_product``, nothing is reported — the product is named, nothing else in the
statement reads like advertising it — unless the post declares a product of that category.
The classifier never stands in when the post names formula or weaning food and states only
lawful ages (1.16.2: from 24 months for formula, from 6 months for weaning food): the patterns
read the age, which a bag of n-grams cannot ("từ 4 tháng" and "từ 6 tháng" look alike to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from tinnhiem import text as T
from tinnhiem.deobfuscate import DIGIT_WORDS
from tinnhiem.detectors import _reported
from tinnhiem.detectors._category import not_promotion_hits, post_categories
from tinnhiem.detectors._rx_drugs import RX_EXCLUDE, RX_TERMS, prescription_drug_hits
from tinnhiem.detectors._rx_drugs import TRIGGERS as _RX_TRIGGERS
from tinnhiem.detectors._common import (commercial_signals, has_commercial_intent, not_overlapping,
                                       scan, scan_price)
from tinnhiem.detectors.base import (Detector, field_group, field_texts, folded_before, make_evidence,
                                    quotes)
from tinnhiem.detectors.models import claim_model
from tinnhiem.model import Evidence, PostView

FIELDS = ("caption", "transcript", "hashtags")
ART7 = "Luật Quảng cáo 16/2012/QH13 Điều 7"
FINE1 = "phạt theo Nghị định 38/2021/NĐ-CP Điều 33 khoản 1"
FINE2 = "phạt theo Nghị định 38/2021/NĐ-CP Điều 33 khoản 2"
SALE = ["có sẵn", "hàng về", "ship", "inbox", "ib", "order", "sale", "khuyến mãi", "giảm giá",
        "sỉ lẻ", "bán sỉ", "giá sỉ", "giá tốt", "giá rẻ", "cần bán", "zalo", "chốt đơn",
        "link vào", "nạp tiền", "rút tiền", "tặng code", "nhận thưởng", "freeship", "mua ngay",
        "đặt hàng", "liên hệ mua", "giao hàng", "giao kín đáo", "chính hãng", "hàng xách tay",
        # promotion without a shop: launches, offers, gifts, scarcity, boasting, live sales
        "flash sale", "giá sốc", "giá hời", "khai trương", "ra mắt", "mẫu mới", "hàng mới",
        "về hàng", "hàng air", "chỉ còn", "số lượng có hạn", "giới hạn", "tặng", "quà tặng",
        "nhận quà", "free", "miễn phí", "nhận kèo", "kèo thơm", "hoàn trả", "khuyến mại",
        "ưu đãi", "live", "livestream", "phiên live", "đơn đầu tiên", "vào link", "link đặt",
        "link đây", "ai cần", "mẹ nào", "nhắn", "check-in", "hợp tác cùng", "được tài trợ",
        "#ad", "#quangcao", "số 1", "đỉnh nhất", "uy tín", "đẳng cấp", "vượt trội",
        "thay thế hoàn toàn", "kéo", "bán theo vỉ", "bán lẻ", "giao kín", "ship kín",
        # seller voice, scarcity and price moves, pre-orders, gifts and boasting
        "bên mình bán", "bên em bán", "shop bán", "nhà em bán", "mình bán", "em bán", "bán cả",
        "lên kệ", "lên kệ hôm nay", "còn đúng", "máy cuối", "chai cuối", "thùng cuối",
        "suất cuối", "hộp cuối", "chốt nhanh", "chốt liền", "chốt ngay", "chốt đơn ngay",
        "lên giá", "giá cũ", "đặt trước", "nhận đặt", "nhận order", "pre-order", "quà biếu",
        "làm quà", "số một", "xịn nhất", "ngon nhất", "êm nhất", "rẻ nhất", "chuẩn nhất",
        "sang trọng nhất", "hot nhất", "bán chạy", "bán chạy nhất", "dùng thoải mái",
        "hút thoải mái", "uống thoải mái", "ship tận nơi", "tận nơi", "mua một tặng một",
        "mua 1 tặng 1",
        # gifted / sponsored content
        "sponsored", "#sponsored", "paid partnership", "tài trợ", "nhãn hàng gửi", "đã gửi mình",
        "gửi tặng mình", "perfect cho",
        # selling a drug without a prescription, imported/hand-carried goods, efficacy boasts
        "không cần đơn", "không cần kê đơn", "không cần toa", "bán không cần đơn", "hàng nội địa",
        "nội địa thái", "nội địa nhật", "nhập thái", "hàng thái", "nhập khẩu", "bao hiệu quả",
        "hiệu quả 100%", "hiệu quả tuyệt đối", "cam kết hiệu quả", "có tác dụng ngay",
        # round 10: hand-carried goods on offer ("thuốc trị khối u xách tay Đức"), stock on hand
        "xách tay", "sẵn hàng", "luôn sẵn hàng", "hàng sẵn", "hỏa tốc", "giao tận nhà",
        "đặt mua online"]
# boasting about a strong drink's effect or taste ("bổ thận tráng dương", "uống 1 chén là sung",
# "thơm nồng", "êm"): with a parsed strength of 15° or more, that is an advertisement
_ALCOHOL_BOAST = T.compile_phrases([
    "bổ thận", "tráng dương", "chữa", "trị", "sung cả đêm", "sung", "khỏe", "khoẻ", "thơm",
    "thơm nồng", "êm", "êm ái", "ngon", "đậm đà", "thượng hạng", "hảo hạng", "tuyệt hảo",
    "bổ dưỡng", "đại bổ", "cực bổ", "uống 1 chén", "một chén"])
# refusals and referrals to a doctor: not promotion even when followers "inbox" the creator
_REFUSAL = T.compile_phrases(["không giới thiệu", "sẽ không giới thiệu", "hãy đi khám",
                              "đi khám bác sĩ", "theo đơn bác sĩ", "theo đơn của bác sĩ",
                              "đừng nghe", "đừng tin",
                              # round 14 — a pharmacy's prescription policy ("chỉ bán kháng sinh khi
                              # có đơn của bác sĩ", "vui lòng mang theo đơn")
                              "khi có đơn thuốc", "khi có đơn của bác sĩ", "khi có đơn bác sĩ",
                              "phải có đơn thuốc", "phải có đơn của bác sĩ", "phải có đơn bác sĩ",
                              "cần có đơn thuốc", "cần có đơn của bác sĩ", "cần có đơn bác sĩ",
                              "khi có toa", "phải có toa", "xuất trình đơn thuốc",
                              "mang theo đơn thuốc", "không bán kháng sinh",
                              "không bán thuốc kê đơn", "không bán thuốc theo đơn"])
# a consumer warning that advises against buying (the price it quotes is the peddlers'), with no
# link, code or sponsorship of the poster's own
# explaining the ban itself ("rượu từ 15 độ không được quảng cáo dưới bất kỳ hình thức nào"):
# a legal statement, not a promotion, unless the post carries its own link, code or price
_LEGAL_BAN = T.compile_phrases(["không được quảng cáo", "cấm quảng cáo", "bị cấm quảng cáo",
                                "nghiêm cấm quảng cáo", "không được phép quảng cáo",
                                "cấm kinh doanh", "không được phép kinh doanh",
                                "không được livestream bán", "bị cấm livestream"])
# round 14 — a shop announcing it STOPPED selling the product ("Shop đã ngừng kinh doanh toàn bộ
# vape … khách đừng inbox hỏi mua nữa"): not promotion, unless it clears its stock or sells on
# ("ngừng bán vape, xả kho 50 máy cuối", "vẫn bán qua Zalo", a pause: "tạm ngừng bán 3 ngày")
_STOPPED = T.compile_phrases(["ngừng kinh doanh", "ngưng kinh doanh", "dừng kinh doanh", "ngừng bán",
                              "ngưng bán", "dừng bán", "thôi bán", "thôi kinh doanh", "không còn bán",
                              "không còn kinh doanh", "không bán nữa", "không kinh doanh nữa",
                              "đừng inbox hỏi mua", "đừng nhắn hỏi mua", "đóng cửa shop", "nghỉ bán",
                              "nghỉ kinh doanh", "đã nghỉ bán"])
# "không bán vape nữa", "ko còn bán pod nữa"
_STOPPED_RE = regex.compile(
    r"(?<![\p{L}\p{N}])khong\s+(?:con\s+)?(?:ban|kinh doanh|nhan don|nhan order)(?:\s+[\p{L}\p{N}]+){0,4}?"
    r"\s+nua(?![\p{L}\p{N}])")
T.register_prefilter(_STOPPED_RE)
_STILL_SELLING = T.compile_phrases(["xả kho", "xả hàng", "xả lỗ", "thanh lý", "dọn kho", "bán nốt",
                                    "hàng tồn", "còn tồn", "vẫn bán", "vẫn còn bán", "vẫn nhận",
                                    "bán tiếp", "lô cuối", "máy cuối", "hộp cuối", "chai cuối",
                                    "chỉ bán qua", "chỉ nhận qua", "tạm ngừng", "tạm dừng", "tạm nghỉ",
                                    # "sắp ngừng bán, nhanh tay kẻo hết": scarcity, not a notice
                                    "sắp ngừng", "sắp dừng", "sắp nghỉ", "trước khi ngừng",
                                    "trước khi dừng", "trước khi nghỉ", "nhanh tay", "kẻo hết",
                                    "mua ngay"])
# "chỉ còn" of a statistic or an opening-hours notice ("tỷ lệ … chỉ còn khoảng 3,5%", "chỉ còn
# mở cửa đến 20h"), not scarcity of goods on offer
_SALE_NOT = regex.compile(
    r"(?<![\p{L}\p{N}])chi con\s+(?:(?:khoang|chung|gan|duoi|chua den|hon|tren|co)\s+)?"
    r"(?:\d+(?:[.,]\d+)?\s*%|mo cua|mo den|phuc vu den|lam viec den)")
T.register_prefilter(_SALE_NOT)
# round 14 — the coming ban as a seller's urgency ("tranh thủ gom hàng trước lệnh cấm", "giá mềm
# hơn trước lệnh cấm"), with a sale word: not a report of the ban
_PRE_BAN_RUSH = T.compile_phrases(["trước lệnh cấm", "trước khi cấm", "trước khi bị cấm",
                                   "trước khi lệnh cấm", "trước ngày cấm", "sắp cấm", "sắp bị cấm",
                                   "trước khi luật cấm"])
_RUSH = T.compile_phrases(["tranh thủ", "nhanh tay", "gom ngay", "mua ngay", "kẻo hết", "kẻo lỡ",
                           "giá mềm", "tích ngay", "săn ngay"])
_WARNING = T.compile_phrases(["cảnh báo", "#canhbao", "cảnh giác", "#canhgiac"])
_DONT_BUY = T.compile_phrases(["đừng mua", "không nên mua", "tránh mua", "tuyệt đối không mua",
                               "không mua hàng", "đừng ham rẻ"])
_LINKED = ("affiliate_link", "discount_code", "paid_flag", "declared")
_STRONG_COMMERCIAL = ("affiliate_link", "discount_code", "price", "brand_mention_cta", "paid_flag",
                      "declared")
# the seller addressing the audience ("mấy ông ơi", "ae oi", "các mẹ ơi"): with a banned product
# and outside reports/warnings/questions, that is a sales pitch
_VOCATIVE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:cac|may|ca|chi)?\s*(?:ong|ba|bac|anh|chi|me|ban|em|chi em|anh em|ae|"
    r"sen|nha|ace|anh chi|co chu)\s+(?:oi|oii+|ui)(?![\p{L}\p{N}])")
# ... pointing at the product on offer ("rượu X này", "đây các bác ơi", "nhà em nấu")
_DEIXIS = T.compile_phrases(["này", "đây", "nhà em", "nhà mình", "bên em", "bên mình", "shop em",
                             "loại này", "hàng này", "mẫu này", "em có", "em nhận"])
_DEIXIS_EXCLUDE = T.compile_phrases(["hôm nay", "bữa nay", "tối nay", "sáng nay", "trưa nay",
                                     "chiều nay", "năm nay", "dạo này", "gần đây", "xưa nay",
                                     "từ nay", "nay mai", "đây là", "ở đây", "đằng này"])
# warnings, advice, questions or personal stories the NOT_PROMOTION list does not cover
_AGAINST = T.compile_phrases(["đừng", "không nên", "hại", "nguy hiểm", "độc hại", "tuyệt đối không",
                              "khuyến cáo", "nên tránh", "bỏ hút", "cai", "say quá", "hôm qua",
                              "làm sao", "làm thế nào", "có sao không", "có được không",
                              "bác sĩ kê", "đơn thuốc"])


@dataclass(frozen=True)
class Variant:
    name: str
    category: str
    label_vi: str
    label_en: str
    legal: str
    terms: list[str]
    exclude: list[str] = field(default_factory=list)
    exact: str | None = None  # diacritic-sensitive regex of extra terms


VARIANTS = (
    Variant("tobacco", "tobacco", "thuốc lá/thuốc lá điện tử", "tobacco/e-cigarettes",
            f"{ART7} khoản 2; Nghị quyết 173/2024/QH15 (thuốc lá điện tử, thuốc lá nung nóng); {FINE1}",
            ["thuốc lá", "thuốc lá điện tử", "thuốc lá nung nóng", "vape", "vape pod", "pod vape",
             "pod system", "đầu pod", "tinh dầu vape", "juice vape", "heets", "iqos", "terea", "relx",
             "shisha", "hookah", "xì gà", "cigar", "cigarette", "e cig", "thuốc lào", "pod kéo",
             "pod dầu", "pod 1 lần", "pod dùng 1 lần", "vaper", "salt nic", "tinh dầu pod",
             "thuốc lá điện tử dùng 1 lần", "bình shisha", "điếu cày",
             # nicotine pouches / snus (smokeless nicotine products)
             "túi nicotine", "túi ngậm nicotine", "gói nicotine", "nicotine pouch",
             "nicotine pouches", "snus", "nic salt", "tinh dầu nicotine", "thuốc lá ngậm",
             "thuốc lá nhai", "thuốc lá hít",
             # heated tobacco (Resolution 173/2024/QH15)
             "thuốc lá làm nóng", "thuốc lá đốt nóng", "thuốc lá nóng", "thiết bị làm nóng thuốc lá",
             "máy làm nóng thuốc lá", "heated tobacco", "heat not burn", "vape pod", "pod nicotine",
             # round 31 — the device named by what it does ("máy hút thuốc làm nóng")
             "máy hút thuốc làm nóng", "máy hút thuốc lá làm nóng", "máy hút thuốc nung nóng",
             # vaping community hashtags ("#vapelife #podvietnam")
             "#vapelife", "#vapevietnam", "#vapevn", "#podvietnam", "#podvn", "#vaping", "#vape",
             "#podsystem", "#vapor", "#vapers", "#vaper",
             # round 10 — device and stick brands of heated tobacco and disposable vapes
             "iluma", "iqos iluma", "ploom", "ploom x", "lil hybrid", "lil solid", "glo hyper",
             "neo stick", "sentia", "fiit", "elf bar", "elfbar", "lost mary", "geek bar", "vozol",
             "marlboro", "malboro", "vinataba", "mevius",
             # round 12 — coded vape names of real listings ("máy xông hoa quả", "máy xông trái cây")
             "máy xông hoa quả", "máy xông trái cây", "máy xông hương hoa quả",
             # round 14 — sellers' device and stick names ("máy pod", "vape 1 lần", "thuốc lá
             # nung", "TLĐT")
             "máy pod", "pod mod", "pod kit", "vape 1 lần", "vape dùng 1 lần", "vape một lần",
             "thuốc lá nung", "điếu nung", "thuốc nung", "tlđt", "tinh dầu vape"],
            ["cai thuốc lá", "bỏ thuốc lá", "tác hại của thuốc lá", "tác hại thuốc lá",
             "không hút thuốc lá", "khói thuốc lá", "ung thư do thuốc lá", "nói không với thuốc lá",
             # quitting services and addiction care (Luật Phòng, chống tác hại của thuốc lá
             # 09/2012/QH13 Điều 15: cessation counselling is public health, not promotion)
             "nghiện thuốc lá", "cai nghiện thuốc lá", "bỏ hút thuốc lá", "cai hút thuốc lá",
             "phòng chống tác hại của thuốc lá", "phòng chống tác hại thuốc lá",
             "ngày thế giới không thuốc lá", "tư vấn cai thuốc lá",
             # round 12 — "thuốc lá" of herbal medicine ("thầy … chuyên thuốc lá rừng chữa sỏi
             # thận", "uống 15 thang thuốc lá tan sỏi"): leaves brewed and drunk, not tobacco
             "thuốc lá rừng", "thuốc lá cây", "thang thuốc lá", "uống thuốc lá", "bài thuốc lá",
             "thuốc lá gia truyền", "thuốc lá dân tộc", "thuốc lá nam"]),
    Variant("alcohol", "alcohol", "rượu từ 15 độ trở lên", "alcohol of 15% ABV or more",
            f"{ART7} khoản 3; Luật Phòng, chống tác hại của rượu, bia 44/2019/QH14 Điều 11; {FINE1}",
            []),
    Variant("infant_formula", "infant_formula", "sản phẩm thay thế sữa mẹ cho trẻ dưới 24 tháng",
            "breast-milk substitute for children under 24 months",
            f"{ART7} khoản 4; {FINE1}",
            ["bình sữa", "núm ti", "ti giả", "bình bú", "núm vú giả"]),
    Variant("drug", "drug", "thuốc kê đơn", "prescription drug", f"{ART7} khoản 5; {FINE1}",
            RX_TERMS, RX_EXCLUDE),
    Variant("gambling", "other", "cờ bạc, cá cược", "gambling/betting",
            f"{ART7} khoản 1 (hàng hóa, dịch vụ cấm kinh doanh); {FINE2}",
            ["cá cược", "nhà cái", "casino", "link nhà cái", "nhà cái uy tín", "kèo thơm", "tài xỉu", "nổ hũ", "bắn cá đổi thưởng",
             "game bài đổi thưởng", "soi kèo", "kèo nhà cái", "lô đề", "xóc đĩa", "cá độ", "đánh đề",
             "baccarat", "slot game", "cổng game đổi thưởng",
             # sports betting codes handed out as a sponsor's gift ("code cược thể thao miễn phí")
             "cược thể thao", "code cược", "mã cược", "đặt cược", "cược bóng đá", "free bet",
             "freebet", "cược miễn phí", "kèo bóng đá", "nhà cái thể thao",
             # round 12 — a betting site's deposit bonus promoted by a celebrity ("nạp lần đầu
             # tặng 100%")
             "nạp lần đầu tặng", "nạp đầu tặng", "thưởng nạp đầu", "khuyến mãi nạp đầu",
             "nạp lần đầu thưởng", "nạp đầu thưởng",
             # round 13 — online lotteries and cockfight betting, lottery-number tips ("Xổ số
             # cào online: cào là trúng", "xổ số, bắn cá, đá gà, game bài, soi cầu")
             "xổ số online", "xổ số trực tuyến", "xổ số cào online", "vé số online",
             "đá gà online", "đá gà trực tuyến", "cá cược đá gà", "soi cầu", "soi cầu lô",
             "game bài", "cổng game bài",
             # round 15 — a betting site's cashback and sign-up pitched by a streamer ("đăng ký bằng mã
             # STREAM88 là được hoàn cược 1,5% mỗi ngày")
             "hoàn cược", "hoàn trả cược", "hoàn tiền cược", "đăng ký nhà cái", "tài khoản nhà cái"],
            ["bị bắt vì", "đường dây", "triệt phá", "tác hại của cờ bạc", "tránh xa", "cảnh giác"]),
    Variant("weapon", "other", "vũ khí, công cụ hỗ trợ, pháo nổ", "weapons/restricted tools",
            f"{ART7} khoản 1 (hàng hóa cấm kinh doanh); {FINE2}",
            ["súng bắn đạn cao su", "súng đạn cao su", "súng hơi", "súng tự vệ", "súng săn",
             "súng ngắn", "súng quân dụng", "súng tự chế", "súng điện", "súng côn", "súng pcp",
             "súng bắn bi sắt", "súng bắn đạn chì", "đạn cao su", "đạn chì", "đạn ghém",
             "đạn thật", "roi điện", "dùi cui điện", "gậy điện", "bình xịt hơi cay",
             "xịt hơi cay", "dao găm", "dao phóng", "pháo nổ", "pháo hoa nổ", "pháo bi",
             "pháo tự chế", "công cụ hỗ trợ", "dao bấm", "dao tự vệ", "dao bấm tự động",
             "mã tấu", "lưỡi lê", "ná cao su", "súng cồn", "súng bắn cồn"],
            ["súng đồ chơi", "đồ chơi", "súng nước", "súng bắn nước"]),
    Variant("stimulant", "other", "sản phẩm kích dục", "sexual stimulant",
            f"{ART7} khoản 6; {FINE2}",
            ["kích dục", "cương dương", "cường dương", "thuốc kích thích",
             "yếu sinh lý", "sinh lý nam", "viagra", "cialis", "kéo dài thời gian quan hệ",
             # instant-effect arousal and erection products
             "thuốc kích dục", "nước kích dục", "kích thích nữ", "thuốc kích thích nữ",
             "kích thích ham muốn", "cương cứng ngay", "cương cứng tức thì", "cương cứng sau",
             "chống xuất tinh sớm", "thuốc cương", "thuốc trị xuất tinh sớm",
             # male-vitality and arousal wording of real ads ("kích thích bản năng trỗi dậy sau 10
             # phút", "tăng cường sinh lực chỉ sau vài ngày", "bản lĩnh phòng the")
             "kích thích bản năng", "bản năng đàn ông", "bản năng phái mạnh", "tăng cường sinh lý nam",
             "sinh lực phái mạnh", "sinh lực nam", "sinh lý phái mạnh",
             "bản lĩnh phòng the", "chuyện phòng the", "tăng ham muốn", "ham muốn trỗi dậy",
             "trụ lâu", "cậu nhỏ", "yếu sinh lí", "sinh lí nam",
             # round 15 — arousal and stamina in sex ("tạo hưng phấn và bền bỉ khi quan hệ", "uống
             # vào là sung sức cả đêm"), the yang tonic of real ads ("bổ thận tráng dương")
             "tạo hưng phấn", "tăng hưng phấn", "kích thích hưng phấn", "bền bỉ khi quan hệ",
             "lâu ra khi quan hệ", "sung sức cả đêm", "tráng dương", "bổ dương"],
            ["cảnh giác", "bị bắt", "triệt phá"]),
)

SPIRITS = ["rượu", "tửu", "rượu mạnh", "rượu trắng", "rượu đế", "rượu nếp", "rượu thuốc", "rượu ngâm",
           "whisky", "whiskey", "vodka", "cognac", "brandy", "tequila", "rum", "gin", "chivas",
           "johnnie walker", "hennessy", "remy martin", "macallan", "jack daniel", "ballantine"]
LOW_ABV_DRINKS = ["rượu vang", "vang đỏ", "vang trắng", "wine", "soju", "sake", "bia", "beer",
                  "rượu soju", "rượu sake", "cider", "champagne", "sâm panh"]
ALCOHOL_EXCLUDE = ["rượu bia", "rượu, bia", "bia rượu", "uống rượu bia thì không lái xe", "đã uống rượu bia", "rượu bia thì không",
                   "không uống rượu", "cai rượu", "tác hại của rượu", "say rượu", "nồng độ cồn"]
_ABV = regex.compile(
    r"(?:độ cồn|nồng độ cồn|nồng độ)\s*:?\s*(\d{1,2}(?:[.,]\d)?)"
    r"|(?<!giảm\s|giảm giá\s|sale\s|off\s|ưu đãi\s|-|\d)(\d{1,2}(?:[.,]\d)?)\s?"
    r"(?:độ|°|%\s?(?:vol|abv)|%|vol|abv)(?![\p{L}\p{N}])"
)
# "pod" names a vape only next to vaping words (not "AirPods", "podcast", coffee/laundry pods)
POD = ["pod", "pods"]
POD_CONTEXT = ["hút", "hơi", "nicotine", "nic", "salt nic", "tinh dầu", "kéo", "vị", "juice",
               "cai thuốc", "thuốc lá", "khói", "vape", "vapor", "đầu pod", "coil", "puff", "puffs"]
# round 13 — a pod device sold by its wattage ("Zlim 30W đã về hàng … anh em cần pod")
_POD_WATT = regex.compile(r"(?<![\p{L}\p{N}])\d{1,3}\s?w(?![\p{L}\p{N}])")
POD_EXCLUDE = ["cà phê", "coffee", "nespresso", "giặt", "viên giặt", "tide", "podcast", "airpod",
               "airpods"]
# a heating device named generically ("thiết bị nung nóng Neo Slim") is heated tobacco only next
# to a smoking word ("không tàn không khói", "điếu", "nicotine")
HEATED_DEVICE = ["thiết bị nung nóng", "máy nung nóng", "thiết bị đốt nóng", "máy đốt nóng",
                 "thiết bị làm nóng", "thiết bị hút", "máy hút nung nóng", "máy làm nóng",
                 # round 14 — the sellers' short name of a heated-tobacco device ("lên đời máy nung
                 # mới, ko khói ko mùi"); a kiln or a glue heater has no smoking word next to it
                 "máy nung", "máy hút nung"]
# round 15 — "máy hâm nóng" (a heated-tobacco device) only next to its sticks or a smoker's word
# ("máy + thanh nhiệt", "không còn mùi ám tóc", "không khói"); never a bottle or food warmer
# ("máy hâm nóng sữa", whose post may name "máy hút sữa" too)
HEATER = ["máy hâm nóng", "máy hâm"]
HEATER_CONTEXT = ["thanh nhiệt", "ám tóc", "mùi ám", "ám mùi", "khói", "điếu", "nicotine", "terea",
                  "heets", "iqos", "thuốc lá", "hút thuốc", "không tàn", "tinh dầu", "vị bạc hà"]
HEATER_EXCLUDE = ["máy hâm nóng sữa", "máy hâm sữa", "máy hâm nóng bình", "máy hâm bình",
                  "máy hâm nóng thức ăn", "máy hâm nóng đồ ăn", "máy hâm nóng cơm", "máy hâm nóng nước",
                  "máy hâm sữa tiệt trùng", "bình sữa", "hâm sữa", "cho bé", "cho em bé"]
HEATED_CONTEXT = ["không tàn", "không khói", "ít khói", "điếu", "nicotine", "hút", "khói", "thuốc",
                  "terea", "heets", "iqos", "tinh dầu",
                  # round 10 — sticks sold by flavour ("3 cây … vị bạc hà", "đủ vị")
                  "vị bạc hà", "vị menthol", "menthol", "đủ vị", "vị mát lạnh", "vị dưa hấu",
                  "vị nho", "vị việt quất", "cây thuốc"]
# round 14 — a device sold with its sticks ("Combo máy kèm 2 cây", "Máy + thuốc hàng Nhật"): heated
# tobacco next to a smoking word ("hút", "khói", "điếu" — not "thuốc" alone, which it contains)
_DEVICE_COMBO = regex.compile(
    r"(?<![\p{L}\p{N}])(?:máy|may)\s*(?:\+|&|(?:kèm|kem)(?:\s+(?:theo|thêm|them))?|(?:tặng|tang)(?:\s+(?:kèm|kem))?)"
    r"\s*(?:\d+\s+)?(?:thuốc|thuoc|cây|cay|hộp thuốc|hop thuoc|gói thuốc|goi thuoc|điếu|dieu|sticks?|tép|tep)"
    r"(?![\p{L}\p{N}])")
SMOKING_CONTEXT = ["hút", "khói", "điếu", "nicotine", "không tàn", "terea", "heets", "iqos",
                   "tinh dầu", "vị bạc hà", "menthol", "đủ vị", "cây thuốc", "hút sạch",
                   "thuốc lá", "nung"]
# a disposable vape sold by its puff count ("máy 6000 hơi", "pod 8k hơi", "12.000 puffs"), inside
# a disguise ("móc khóa gấu bông … bên trong là máy 6000 hơi") or not; "hơi" with its diacritics
# (not "hội", "hỏi"), or written without any
_PUFFS = regex.compile(
    r"(?<![\p{L}\p{N}.,])(?:[1-9]\d{0,1}[.,]\d{3}|[1-9]\d{2,4}|[1-9]\d?\s?k)\s?(?:hơi|hoi|puffs?)"
    r"(?![\p{L}\p{N}])")
# code names of a vape that are also lawful goods ("máy thở" is a ventilator): a vape only with
# the evasion of a banned-goods seller ("ship kín ghi tên nước hoa", "không lo bị kiểm tra",
# "trước lệnh cấm") or a vaping word
CODED_DEVICE = ["máy thở", "máy thở mini"]
EVASION = ["ship kín", "giao kín", "đóng gói kín", "gói kín", "không lo bị kiểm tra",
           "không sợ bị kiểm tra", "không lo kiểm tra", "né kiểm tra", "lệnh cấm", "trước lệnh cấm",
           "ghi tên nước hoa", "ghi nước hoa", "ghi là nước hoa", "ghi tên mỹ phẩm", "hàng cấm",
           "tinh dầu", "nicotine", "đủ vị", "vị bạc hà", "vị trái cây", "đầu pod", "pod"]

# "tăng cường sinh lực/sinh lý" is also a tonic's benefit among others ("sâm … chữa mất ngủ,
# tăng cường sinh lý"): a stimulant only as a fast-acting promise ("chỉ sau vài ngày", "sau 10
# phút") or aimed at men's sexual performance
VITALITY = ["tăng cường sinh lực", "tăng cường sinh lý", "tăng cường sinh lí", "tăng sinh lực",
            "hồi phục sinh lực", "phục hồi sinh lý"]
VITALITY_CONTEXT = ["phái mạnh", "nam giới", "đàn ông", "quý ông", "anh em", "phòng the",
                    "bản lĩnh", "cương", "ham muốn", "chuyện ấy", "vợ khen", "xuất tinh", "tình dục"]
# round 10 — men's sexual health named as a condition ("yếu sinh lý", "sinh lý nam") in a post
# that declares a health supplement ("Thực phẩm bảo vệ sức khỏe X — điều trị dứt điểm yếu sinh
# lý"): registered men's-health supplements may be advertised (with the mandatory sentence), so
# the post is judged by the supplement rules (cure claim, missing disclaimer), not as a sexual
# stimulant (Art. 7(6)); arousal and erection terms ("kích dục", "cường dương", "viagra") still count
WEAK_STIMULANT = ["yếu sinh lý", "yếu sinh lí", "sinh lý nam", "sinh lí nam", "sinh lý phái mạnh",
                  "sinh lực nam", "sinh lực phái mạnh", "tăng cường sinh lý nam", "hết yếu sinh lý",
                  "tăng cường sinh lực", "tăng cường sinh lý", "tăng cường sinh lí",
                  "tăng sinh lực", "hồi phục sinh lực", "phục hồi sinh lý",
                  # round 15 — the yang-tonic claim of registered men's-health supplements
                  "tráng dương", "bổ dương"]
SUPPLEMENT_DECLARED = ["thực phẩm bảo vệ sức khỏe", "thực phẩm bảo vệ sức khoẻ", "tpbvsk",
                       "thực phẩm chức năng", "tpcn",
                       # round 12 — a clinic or a therapy device treating the condition ("Phòng
                       # khám Nam khoa … điều trị yếu sinh lý", "máy trị liệu … trị yếu sinh lý"):
                       # a medical service or device, judged by the cure and authority rules
                       "phòng khám", "phòng khám nam khoa", "phòng khám đông y", "bệnh viện",
                       "máy trị liệu", "thiết bị trị liệu"]
_VITALITY_FAST = regex.compile(
    r"(?<![\p{L}\p{N}])(?:chi\s+|ngay\s+)?sau\s+(?:vai|\d+|mot|hai|ba|nam|muoi)\s+(?:phut|ngay|lan|vien|tieng)"
    r"(?![\p{L}\p{N}])")
FORMULA = ["sữa công thức", "sữa bột", "sữa cho bé", "sữa cho trẻ", "sữa cho trẻ sơ sinh",
           "sữa trẻ em", "sữa mát", "infant formula", "formula", "sữa tăng cân cho bé", "sữa non",
           "sữa"]  # any milk with an infant age ("Sữa X số 1 cho bé 0-6 tháng") — not those below
MILK_EXCLUDE = ["sữa mẹ", "sữa chua", "sữa tắm", "sữa rửa mặt", "sữa dưỡng", "sữa dưỡng thể",
                "sữa ong chúa", "sữa đậu nành", "sữa bầu", "sữa cho mẹ", "sữa tươi", "bú sữa mẹ",
                "sữa hạt", "hút sữa", "máy hút sữa", "kích sữa", "lợi sữa", "gọi sữa", "mất sữa",
                "có sữa", "ít sữa", "tắc sữa", "cữ sữa", "sữa non của mẹ"]
# complementary foods: banned for children under 6 months
WEANING = ["bột ăn dặm", "cháo ăn dặm", "bánh ăn dặm", "đồ ăn dặm", "thức ăn dặm", "ăn dặm",
           "bột dinh dưỡng", "cháo dinh dưỡng", "thức ăn bổ sung cho trẻ"]
_AGE = regex.compile(
    r"(?P<lo>\d{1,2})\s*(?:[-–—~]|đến|tới|den|toi)\s*(?P<hi>\d{1,2})\s*(?P<u>tháng|thang|th|tuổi|tuoi|m)\b"
    r"|(?:dưới|duoi|<)\s*(?P<below>\d{1,2})\s*(?P<u2>tháng|thang|tuổi|tuoi)"
    r"|(?:từ|tu|trên|tren|>)\s*(?P<from>\d{1,2})\s*(?P<u3>tháng|thang)"
    # ("0+" a newborn's stage, not the end of "60+" or "50+", an adult's age: round 40)
    r"|(?P<newborn>sơ sinh|so sinh|(?<![\p{N}])0\+|sinh non|đẻ non|de non|thiếu tháng|thieu thang|non tháng|non thang)"
    r"|(?:bé|be|con|trẻ|tre|em bé|bé nhà|cháu)\s+"
    # "bé nhà mình 9 tháng", "con em mới 6 tháng", "con trai mình 18 tháng", "bé gái nhà em 10 tháng"
    r"(?:(?:trai|gái|gai)\s+)?"
    r"(?:(?:nhà\s+|nha\s+)?(?:mình|minh|em|chị|chi|tớ|to|tui|tôi|toi|tao)\s+)?"
    r"(?:mới\s+|moi\s+|được\s+|duoc\s+)?"
    r"(?P<single>\d{1,2})\s*(?P<u4>tháng|thang)"
    # round 12 — a baby named by a nickname ("Bé Tôm nhà mình mới 8 tháng")
    r"|(?:bé|be|con|cháu|chau)\s+\p{L}+\s+(?:(?:nhà|nha)\s+\p{L}+\s+)?(?:mới|moi)\s+"
    r"(?P<nick>\d{1,2})\s*(?:tháng|thang)"
    r"|(?P<aged>\d{1,2})\s*(?:tháng|thang)\s*(?:tuổi|tuoi)",
    regex.IGNORECASE,
)


# compiled once at import (``T.compile_phrases`` per call re-hashes the whole list)
_SALE_RX = T.compile_phrases(SALE)
_SPIRITS_RX = T.compile_phrases(SPIRITS)
_SPIRITS_EXCLUDE_RX = T.compile_phrases(ALCOHOL_EXCLUDE + LOW_ABV_DRINKS)
_DRINKS_RX = T.compile_phrases(SPIRITS + LOW_ABV_DRINKS)
_ALCOHOL_EXCLUDE_RX = T.compile_phrases(ALCOHOL_EXCLUDE)
_FORMULA_RX = T.compile_phrases(FORMULA)
_FORMULA_EXCLUDE_RX = T.compile_phrases(MILK_EXCLUDE)
_WEANING_RX = T.compile_phrases(WEANING)
_POD_RX = T.compile_phrases(POD)
_POD_CONTEXT_RX = T.compile_phrases(POD_CONTEXT)
_POD_EXCLUDE_RX = T.compile_phrases(POD_EXCLUDE)
_HEATED_RX = T.compile_phrases(HEATED_DEVICE)
_HEATER_RX = T.compile_phrases(HEATER)
_HEATER_CONTEXT_RX = T.compile_phrases(HEATER_CONTEXT)
_HEATER_EXCLUDE_RX = T.compile_phrases(HEATER_EXCLUDE)
_VITALITY_RX = T.compile_phrases(VITALITY)
_VITALITY_CONTEXT_RX = T.compile_phrases(VITALITY_CONTEXT)
T.register_prefilter(_VITALITY_FAST)
T.register_prefilter(_POD_WATT)
_HEATED_CONTEXT_RX = T.compile_phrases(HEATED_CONTEXT)
_SMOKING_CONTEXT_RX = T.compile_phrases(SMOKING_CONTEXT)
_CODED_DEVICE_RX = T.compile_phrases(CODED_DEVICE)
_EVASION_RX = T.compile_phrases(EVASION)
T.register_prefilter(_DEVICE_COMBO, "lower")
T.register_prefilter(_PUFFS, "lower")
_WEAK_STIMULANT_RX = T.compile_phrases(WEAK_STIMULANT)
_SUPPLEMENT_DECLARED_RX = T.compile_phrases(SUPPLEMENT_DECLARED)
_DISCOUNT_PCT = regex.compile(r"(?<![\p{L}\p{N}])(?:giam|sale|off|uu dai|khuyen mai)\s*(?:den\s*)?\d{1,2}\s*%")
T.register_prefilter(_DISCOUNT_PCT)
# "Pod Velio", "POD Zenfly": a pod sold under a brand name is a vape pod (the exclusions above —
# coffee/laundry pods, AirPods, podcasts — still apply)
_POD_NAMED = regex.compile(r"(?<![\p{L}\p{N}])(?:Pod|POD|Pods)[ \t]+(?!(?i:system|cast)\b)\p{Lu}[\p{L}\p{N}]+")
# a bare selling price of goods ("hộp 400g 189k", "99.000đ"), not a fine or a count ("10k follow")
_BARE_PRICE = regex.compile(
    r"(?<![\p{L}\p{N}.,])\d{1,3}(?:[.,]\d{3})*\s?(?:k|đ|₫|vnđ|vnd)(?![\p{L}\p{N}])"
    r"(?!\s*(?:follow|view|like|sub|lượt|người|bước|km|mắt|fan)\w*)")
# telling the audience to buy and give a prescription drug themselves ("mẹ tự mua về cho con
# uống", "cứ ra hiệu thuốc mua", "không cần đi khám"): self-medication advice is promotion
_SELF_MEDICATION = regex.compile(
    r"(?<![\p{L}\p{N}])(?:(?:mẹ|me|bố|bo|bạn|ban|các mẹ|cac me|mọi người|moi nguoi|cả nhà|ca nha|"
    r"ai|anh chị|anh chi|chị em|chi em)\s+(?:cứ\s+|cu\s+|nên\s+|nen\s+)?(?:tự|tu)\s+mua"
    r"|(?:cứ|cu)\s+(?:ra\s+)?(?:hiệu thuốc|hieu thuoc|nhà thuốc|nha thuoc|tiệm thuốc|tiem thuoc)\s+mua"
    r"|(?:mua|mua\s+về|mua\s+ve)\s+(?:cho\s+(?:con|bé|be)\s+)?(?:uống|uong)\s+(?:\S+\s+){0,3}?"
    r"(?:là|la)\s+(?:khỏi|khoi|hết|het)"
    r"|(?:không cần|khong can|khỏi|khoi|chẳng cần|chang can)\s+(?:đi\s+|di\s+)?(?:khám|kham)"
    r"(?:\s+(?:bác sĩ|bac si))?"
    # round 14 — an injectable drug to give oneself at home ("mua về tự truyền tại nhà", "tự tiêm
    # ở nhà")
    r"|(?:tự|tu)\s+(?:truyền|truyen|tiêm|tiem|chích|chich)\s+(?:(?:tại|tai|ở|o)\s+)?(?:nhà|nha)"
    r")(?![\p{L}\p{N}])")
# boasting about what the banned product does: equal to breast milk, less harmful than
# cigarettes, "3 ngày là khỏi", "tăng 5kg"
_BOAST = T.compile_phrases([
    "tốt như sữa mẹ", "như sữa mẹ", "giống sữa mẹ", "gần như sữa mẹ", "thay sữa mẹ",
    "thay thế sữa mẹ", "thay được sữa mẹ", "tốt hơn sữa mẹ", "chuẩn như sữa mẹ",
    "ít hại hơn", "ít độc hại hơn", "ít hại", "không hại", "không độc hại", "an toàn hơn",
    "không khói", "không tàn", "không mùi khói", "đỡ hôi", "sạch hơn thuốc lá",
    "là khỏi", "khỏi ngay", "khỏi liền", "hết ngay", "khỏi hẳn", "dứt điểm", "khỏi luôn",
    "hết luôn", "ăn ngon ngủ kỹ",
    # round 9 (real ad wording): a baby's weight gain or a fear appeal ("lên cân bụ bẫm", "bé nào
    # thiếu sữa này là chậm lớn"), a vape's flavours ("đổi vị liên tục"), sexual performance
    # ("sung như trai 20", "vợ khen nức nở")
    "bụ bẫm", "lên cân vù vù", "tăng cân vù vù", "là chậm lớn", "thì chậm lớn", "sẽ chậm lớn",
    "là còi cọc", "thì còi cọc", "sẽ còi cọc", "đánh thẳng vào", "cao lớn vượt trội",
    "đổi vị liên tục", "đổi vị thoải mái", "nhiều vị", "êm họng", "hơi dày", "khói dày",
    "sung như trai", "sung như thanh niên", "sung mãn", "vợ khen", "chiến cả đêm",
    "bản lĩnh đàn ông", "phong độ đàn ông", "hết yếu sinh lý", "như trai 20", "như trai 18",
    # round 12 — an e-cigarette sold as a quitting aid or harmless ("giúp cai nghiện thuốc lá
    # truyền thống, không gây hại, bao ngon khói dày")
    "không gây hại", "giúp cai thuốc", "giúp cai nghiện", "giúp bỏ thuốc", "bao ngon",
    # round 15 — sexual performance promised ("tạo hưng phấn và bền bỉ khi quan hệ", "sung sức cả
    # đêm, chị em khen nức nở"), a betting site's cashback
    "tạo hưng phấn", "bền bỉ khi quan hệ", "sung sức cả đêm", "khen nức nở", "hoàn cược"])
_EFFECT = regex.compile(
    r"(?<![\p{L}\p{N}])(?:tăng|giảm|tang|giam|lên|len|xuống|xuong)\s*\d+(?:[.,]\d)?\s*"
    r"(?:kg|ký|kí|ki|cân|can|size|cm)(?![\p{L}\p{N}])")
_WEANED = T.compile_phrases(["cai sữa", "cai sữa sớm"])  # weaning a baby, not quitting a habit
for _p, _kind in ((_POD_NAMED, "raw"), (_BARE_PRICE, "lower"), (_SELF_MEDICATION, "lower"),
                  (_EFFECT, "lower")):
    T.register_prefilter(_p, _kind)
_VARIANT_RX = {v.name: (T.compile_phrases(v.terms), T.compile_phrases(v.exclude)) for v in VARIANTS}


# round 12 — a duration, not an age: "cam kết bé tăng 3-5cm chỉ sau 3-6 tháng", "uống 3 tháng"
_DURATION_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:sau|trong|vòng|vong|uống|uong|dùng|dung|mỗi|liên tục|lien tuc)\s*$")

_AGE_WINDOW = regex.compile(r"\s*(?:đầu|dau|tuổi|tuoi)(?![\p{L}\p{N}])")


def infant_age_months(text: str) -> list[int]:
    """Lowest age in months of every age expression in ``text`` ("0-6 tháng" → 0); durations
    ("chỉ sau 3-6 tháng") are not ages."""
    return list(_ages_in(text))


def _ages_in(text: str) -> Iterator[int]:
    """``infant_age_months``, one age at a time in text order."""
    low = spell_numbers(T.lower(text))
    for m in _AGE.finditer(low, timeout=T.REGEX_TIMEOUT):
        if m.group("lo") and not m.group("u").lower().startswith("tu") and _DURATION_BEFORE.search(
                low[max(0, m.start() - 14):m.start()], timeout=T.REGEX_TIMEOUT) and not _AGE_WINDOW.match(
                low, m.end(), timeout=T.REGEX_TIMEOUT):
            continue  # "chỉ sau 3-6 tháng" (not "trong 0-6 tháng đầu đời")
        if m.group("nick"):
            yield int(m.group("nick"))
        elif m.group("newborn"):
            yield 0
        elif m.group("lo"):
            years = m.group("u").lower().startswith("tu")
            yield int(m.group("lo")) * (12 if years else 1)
        elif m.group("below"):
            limit = int(m.group("below")) * (12 if m.group("u2").lower().startswith("tu") else 1)
            yield max(limit - 1, 0)
        elif m.group("from"):
            yield int(m.group("from"))
        elif m.group("single"):
            yield int(m.group("single"))
        elif m.group("aged"):
            yield int(m.group("aged"))


class _Ages:
    """The ages a text states, read only as far as a question needs (a post's fields can be a
    long transcript; the first age under the limit usually comes early)."""

    def __init__(self, text: str):
        self._rest = _ages_in(text)
        self._read: list[int] = []

    def below(self, limit: int) -> bool:
        """Does the text state an age under ``limit`` months?"""
        if any(a < limit for a in self._read):
            return True
        for age in self._rest:
            self._read.append(age)
            if age < limit:
                return True
        return False

    def all_at_least(self, limit: int) -> bool:
        """Does the text state an age, and every one at least ``limit`` months?"""
        return not self.below(limit) and bool(self._read)


def parse_abv(text: str) -> list[float]:
    low = spell_numbers(T.lower(text))
    out = [float((m.group(1) or m.group(2)).replace(",", "."))
           for m in _ABV.finditer(low, timeout=T.REGEX_TIMEOUT)]
    # without diacritics: "vodka 40 do" (written "do", not the word "do" of another text)
    out += [float(m.group(1).replace(",", ".")) for m in _ABV_DO.finditer(low, timeout=T.REGEX_TIMEOUT)]
    return out


# spelled-out numbers before a unit ("ba mươi chín độ", "từ sáu đến mười hai tháng")
_DIGIT_WORDS = {w: int(d) for w, d in DIGIT_WORDS.items() if d != "0"} | {"mốt": 1}  # "hai mươi mốt"
_D = r"(?:một|mot|hai|ba|bốn|bon|năm|nam|sáu|sau|bảy|bẩy|bay|tám|tam|chín|chin)"
_U = r"(?:một|mot|mốt|hai|ba|bốn|bon|tư|tu|năm|nam|lăm|lam|sáu|sau|bảy|bẩy|bay|tám|tam|chín|chin)"
_UNIT_AFTER = r"\s*(?:độ|do|°|%|tháng|thang|tuổi|tuoi|đến|den|tới|toi|-|–)(?![\p{L}\p{N}])"
_SPELLED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:(?P<t>" + _D + r")\s+(?:mươi|muoi)(?:\s+(?P<tu>" + _U + r"))?"
    r"|(?P<t2>" + _D + r")\s+(?P<tu2>mốt|mot|lăm|lam|tư)"
    r"|(?:mười|muoi)(?:\s+(?P<teen>" + _U + r"))?"
    r"|(?P<one>" + _D + r"))"
    r"(?=" + _UNIT_AFTER + r")"
)
_ABV_DO = regex.compile(r"(?<![\p{L}\p{N}.,])(\d{1,2}(?:[.,]\d)?)\s?do(?![\p{L}\p{N}])")
# what every ``_SPELLED`` match ends with: a number word right before its unit (the prefilter
# finds this one selectively; "năm", "sáu", "ba" alone are everywhere)
_SPELLED_UNIT = regex.compile(
    r"(?<![\p{L}\p{N}])(?:" + _U + r"|mươi|muoi|mười)" + _UNIT_AFTER)
T.register_prefilter(_SPELLED_UNIT, "lower")


def spell_numbers(text: str) -> str:
    """``text`` with spelled-out numbers before a unit written as digits."""
    def sub(m):
        if m.group("t"):
            return str(_DIGIT_WORDS[m.group("t")] * 10 + _DIGIT_WORDS.get(m.group("tu") or "", 0))
        if m.group("t2"):
            return str(_DIGIT_WORDS[m.group("t2")] * 10 + _DIGIT_WORDS[m.group("tu2")])
        if m.group("one"):
            return str(_DIGIT_WORDS[m.group("one")])
        return str(10 + _DIGIT_WORDS.get(m.group("teen") or "", 0))
    if not T.may_match(_SPELLED_UNIT, text, "lower"):
        return text
    return _SPELLED.sub(sub, text, timeout=T.REGEX_TIMEOUT)


def promotional(post: PostView) -> bool:
    """Commercial intent, or sale/offer/boasting words outside a report, warning or refusal."""
    if scan(post, FIELDS, _REFUSAL) and not any(
            k in _STRONG_COMMERCIAL for k in commercial_signals(post).kinds):
        return False  # "mình sẽ không giới thiệu tên thuốc, hãy đi khám" despite "inbox"
    if scan(post, FIELDS, _LEGAL_BAN) and not any(
            k in _STRONG_COMMERCIAL for k in commercial_signals(post).kinds):
        return False  # "… không được quảng cáo dưới bất kỳ hình thức nào, kể cả livestream"
    if (scan(post, FIELDS, _WARNING) and scan(post, FIELDS, _DONT_BUY)
            and not any(k in _LINKED for k in commercial_signals(post).kinds)):
        return False  # "Cảnh báo: rượu giả … bán giá chỉ 150k. Đừng mua hàng không rõ nguồn gốc"
    if ((scan(post, FIELDS, _STOPPED) or scan(post, FIELDS, _STOPPED_RE))
            and not scan(post, FIELDS, _STILL_SELLING)
            and not any(k in _STRONG_COMMERCIAL for k in commercial_signals(post).kinds)):
        return False  # "Shop đã ngừng kinh doanh vape … khách đừng inbox hỏi mua nữa"
    if has_commercial_intent(post):
        return True
    self_medication = scan(post, FIELDS, _SELF_MEDICATION, exact=True)
    sale = not_overlapping(scan(post, FIELDS, _SALE_RX), scan(post, FIELDS, _SALE_NOT))
    against = not_promotion_hits(post)
    if against and (sale or scan(post, FIELDS, _RUSH) or scan(post, FIELDS, _VOCATIVE)):
        # "gom hàng trước lệnh cấm": the ban as a seller's urgency, not a report of it
        against = not_overlapping(against, scan(post, FIELDS, _PRE_BAN_RUSH))
    if not_overlapping(against, self_medication):
        return False
    if (sale or scan(post, FIELDS, _DISCOUNT_PCT) or scan_price(post, FIELDS)
            or scan(post, FIELDS, _BARE_PRICE, exact=True) or self_medication):
        return True
    boast = scan(post, FIELDS, _BOAST) + scan(post, FIELDS, _EFFECT, exact=True)
    against = not_overlapping(scan(post, FIELDS, _AGAINST), boast + scan(post, FIELDS, _WEANED))
    if boast and not against:
        return True  # "tăng 5kg trong 1 tháng", "tốt như sữa mẹ", "ít hại hơn thuốc lá thường"
    return bool(scan(post, FIELDS, _VOCATIVE) and _terms(post, _DEIXIS, _DEIXIS_EXCLUDE)
                and not scan(post, FIELDS, _AGAINST))


def _terms(post: PostView, terms: T.PhrasePattern | None, exclude: T.PhrasePattern | None) -> list[Evidence]:
    """Hits of the compiled ``terms`` not overlapping a hit of the compiled ``exclude``."""
    hits = scan(post, FIELDS, terms)
    if not hits or exclude is None:
        return hits
    return not_overlapping(hits, scan(post, FIELDS, exclude))


def _alcohol(post: PostView) -> tuple[list[Evidence], float]:
    spirits = _terms(post, _SPIRITS_RX, _SPIRITS_EXCLUDE_RX)
    drinks = _terms(post, _DRINKS_RX, _ALCOHOL_EXCLUDE_RX)
    if not spirits and not drinks:  # nothing below can fire: skip parsing the strength
        return [], 0.0
    text = " ".join(t for _, t in field_texts(post, FIELDS))
    abv = parse_abv(text)
    if abv and max(abv) >= 15 and drinks:
        return drinks, 0.95
    if spirits and not abv and has_commercial_intent(post):
        return spirits, 0.75
    return [], 0.0


def _formula_weaning_ages(post: PostView) -> tuple[list[Evidence], list[Evidence], _Ages]:
    """Formula terms, weaning-food terms, and the ages the post states (parsed only when one of
    those terms is there, and only as far as asked: the ages matter only with them)."""
    formula = _terms(post, _FORMULA_RX, _FORMULA_EXCLUDE_RX)
    weaning = _terms(post, _WEANING_RX, None)
    if not formula and not weaning:
        return formula, weaning, _Ages("")
    return formula, weaning, _Ages(" ".join(t for _, t in field_texts(post, FIELDS)))


def _infant(post: PostView, variant: Variant) -> tuple[list[Evidence], float]:
    teats = _terms(post, _VARIANT_RX[variant.name][0], None)
    formula, weaning, ages = _formula_weaning_ages(post)
    if formula and ages.below(24):
        return formula + teats, 0.9
    if weaning and ages.below(6):
        return weaning + teats, 0.85
    return teats, 0.85


def _lawful_infant_ages(post: PostView) -> bool:
    """The post names formula (or only weaning food) and every age it states is lawful for it:
    24 months or more for formula, 6 months or more for weaning food."""
    formula, _, ages = _formula_weaning_ages(post)
    return ages.all_at_least(24 if formula else 6)


def _tobacco(post: PostView) -> list[Evidence]:
    hits = _terms(post, *_VARIANT_RX["tobacco"])
    pods = _terms(post, _POD_RX, _POD_EXCLUDE_RX)
    if pods and not scan(post, FIELDS, _POD_EXCLUDE_RX):
        # a pod sold under a brand name ("Pod Velio") is a vape pod by itself
        hits = hits + [p for p in scan(post, FIELDS, _POD_NAMED, original=True) if p not in hits]
        context = not_overlapping(scan(post, FIELDS, _POD_CONTEXT_RX), pods) or scan(
            post, FIELDS, _POD_WATT)
        if context or hits:
            hits = hits + [p for p in pods if p not in hits]
    devices = scan(post, FIELDS, _HEATED_RX)
    if devices and not_overlapping(scan(post, FIELDS, _HEATED_CONTEXT_RX), devices):
        hits = hits + [d for d in devices if d not in hits]
    heaters = scan(post, FIELDS, _HEATER_RX)
    if heaters and scan(post, FIELDS, _HEATER_CONTEXT_RX) and not scan(post, FIELDS, _HEATER_EXCLUDE_RX):
        hits = hits + [h for h in heaters if h not in hits]
    combos = scan(post, FIELDS, _DEVICE_COMBO, exact=True)
    if combos and not_overlapping(scan(post, FIELDS, _SMOKING_CONTEXT_RX), combos):
        hits = hits + [c for c in combos if c not in hits]
    puffs = scan(post, FIELDS, _PUFFS, exact=True)
    hits = hits + [p for p in puffs if p not in hits]
    coded = scan(post, FIELDS, _CODED_DEVICE_RX)
    if coded and (puffs or scan(post, FIELDS, _EVASION_RX)):
        hits = hits + [c for c in coded if c not in hits]
    return hits


# a drug named as the damage it did or as absent, not as the product on offer: "phục hồi da
# nhiễm corticoid", "không chứa corticoid", "cai nghiện thuốc an thần", (round 19) "không chì,
# không corticoid", "0 corticoid"
_CONDITION_BEFORE = regex.compile(
    r"(?:nhiem|nghien|lam dung|ton thuong do|bien chung|hau qua cua|tac hai cua|khong chua|"
    r"khong co|khong tron|khong pha|khong them|khong dung|(?<![\p{L}\p{N}])(?:khong|ko|0))\s+"
    r"(?:(?:chat|thanh phan|hoat chat|thuoc)\s+)?$")


def _not_condition(post: PostView, hits: list[Evidence]) -> list[Evidence]:
    if not hits:
        return hits
    texts = dict(field_texts(post, FIELDS))
    return [h for h in hits
            if not _CONDITION_BEFORE.search(folded_before(texts, h, 30), timeout=T.REGEX_TIMEOUT)]


# Every piece of evidence ``variant_hits`` can return is a match of one of these patterns (each
# variant's terms, the alcohol, formula and weaning terms, the tobacco devices, the stimulant's
# vitality words, the prescription-drug triggers): a post where none of them may match names no
# banned product, and its ~20 per-pattern questions are one (performance only).
_TRIGGERS = T.PatternGate({
    "folded": [rx for rx, _ in _VARIANT_RX.values() if rx is not None] + [
        _SPIRITS_RX, _DRINKS_RX, _FORMULA_RX, _WEANING_RX, _POD_RX, _HEATED_RX, _HEATER_RX,
        _CODED_DEVICE_RX, _VITALITY_RX, *_RX_TRIGGERS["folded"]],
    "lower": [_DEVICE_COMBO, _PUFFS, *_RX_TRIGGERS["lower"]],
})


def may_name_banned(post: PostView) -> bool:
    """False only if no variant can find anything in ``post`` (``_TRIGGERS``)."""
    return _TRIGGERS.may_match_any(field_group(post, FIELDS))


def variant_hits(post: PostView, variant: Variant) -> tuple[list[Evidence], float]:
    if variant.name == "alcohol":
        return _alcohol(post)
    if variant.name == "infant_formula":
        return _infant(post, variant)
    if variant.name == "tobacco":
        return _tobacco(post), 0.85
    if variant.name == "drug":
        return _not_condition(post, prescription_drug_hits(post)), 0.85
    if variant.name == "stimulant":
        hits = _terms(post, *_VARIANT_RX[variant.name])
        vitality = scan(post, FIELDS, _VITALITY_RX)
        if vitality and (scan(post, FIELDS, _VITALITY_FAST)
                         or not_overlapping(scan(post, FIELDS, _VITALITY_CONTEXT_RX), vitality)):
            hits = hits + [v for v in vitality if v not in hits]
        if hits and scan(post, FIELDS, _SUPPLEMENT_DECLARED_RX):
            weak = scan(post, FIELDS, _WEAK_STIMULANT_RX)
            hits = [h for h in hits if not any(
                w.field == h.field and w.start <= h.start and h.end <= w.end for w in weak)]
        return (not_overlapping(hits, scan(post, FIELDS, _VARIANT_RX[variant.name][1]))
                if hits else hits), 0.85
    return _terms(post, *_VARIANT_RX[variant.name]), 0.85


class BannedProduct(Detector):
    """Promotes a product that may not be advertised (tobacco, strong alcohol, formula, Rx …)."""

    id = "banned_product"
    # 1.17.1: trials reported (``_reported``); 1.18.0: "máy hút thuốc làm nóng"
    # 1.18.1, 1.18.2: the commercial signals it reads (rounds 33, 34)
    # 1.19.0 (round 36): "con trai/gái mình 18 tháng" is an infant age
    # 1.20.0 (round 38): a prescription drug named as an occasion ("khi dùng kháng sinh") is not sold
    # 1.21.0 (round 40): "60+" is an adult's age, not a newborn's "0+"
    # 1.22.0 (round 41): the shared product categories the classifier's finding names
    version = "1.22.0"
    scope = "post"
    title_vi = "Quảng cáo sản phẩm bị cấm quảng cáo"
    title_en = "Advertising a product banned from advertising"
    severity = "critical"
    legal_source = f"{ART7}; {FINE1}; {FINE2}"
    rule_confidence = "V"
    catalog_id = "VN-BAN-*"
    model_assist = True  # the statement classifier's banned_product column (module docstring)
    model_veto = True  # ... which may also rule out variant hits in the caption alone (docstring)

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView) and bool(field_texts(subject, FIELDS))

    def prepare(self, subjects) -> None:
        """Classify every post's caption in one vectorised pass (for the model's stand-in)."""
        claim_model.prepare_captions(subjects)

    def detect(self, subject: PostView, upstream):
        found = [(v, *variant_hits(subject, v)) for v in VARIANTS] if may_name_banned(subject) else []
        found = [(v, ev, c) for v, ev, c in found if ev]
        if not found:
            finding = self._model_finding(subject)
            if finding is not None:
                yield finding
            return
        declared = set(subject.product_categories) & {v.category for v, _, _ in found}
        if not declared and claim_model.vetoes(subject.caption or "", {e.field for _, ev, _ in found for e in ev},
                                               self.id):
            return  # (named in the caption alone, which the statement classifier reads as no such ad)
        if not promotional(subject):
            # a strong drink (parsed ≥ 15°) boasted about outside a report or warning
            boasted = [(v, ev, c) for v, ev, c in found if v.name == "alcohol" and c >= 0.9
                       and scan(subject, FIELDS, _ALCOHOL_BOAST)
                       and not not_promotion_hits(subject)
                       and not scan(subject, FIELDS, _AGAINST)]
            if not boasted:
                yield from self._model_judged(subject, found)
                return
            found = boasted
        for variant, evidence, confidence in found:
            yield self._finding(subject, variant, evidence, confidence)

    def _model_judged(self, subject: PostView, found):
        """Named banned products without a promotion cue the patterns know: findings only if the
        statement classifier reads the caption as advertising them (see the module docstring)."""
        reading = self._model_reading(subject)
        if reading is None:
            return
        p = reading[0]
        for variant, evidence, confidence in found:
            yield self._finding(subject, variant, evidence, round(min(confidence, claim_model.confidence_factor() * p), 3),
                                notes=_promotion_by_model_notes(p), extra=claim_model.finding_data(p))

    def _model_reading(self, subject: PostView) -> tuple[float, int, int] | None:
        """``(probability, start, end)``: the classifier's probability that the caption advertises
        a banned product, when it may count (see ``claim_model.candidate``), in no sanction
        report, and the caption's sentence that carries it outside reported or warned-about
        speech; else None."""
        caption = subject.caption or ""
        p = claim_model.candidate(caption, self.id)
        if p is None or not_promotion_hits(subject):
            return None
        best = claim_model.best_sentence(caption, self.id, _reported.reported_spans(caption))
        return None if best is None else (p, best[0], best[1])

    def _finding(self, subject: PostView, variant: Variant, evidence: list[Evidence], confidence: float,
                 notes: tuple[str, str] = ("", ""), extra: dict | None = None):
        q = quotes(evidence, 2)
        return self.finding(
            subject,
            message=f"Quảng cáo {variant.label_vi} ({q}) — sản phẩm bị cấm quảng cáo theo {variant.legal}" + notes[0],
            message_en=f"Promotes {variant.label_en} ({q}), a product banned from advertising" + notes[1],
            evidence=evidence,
            confidence=confidence,
            remediation="Gỡ bài đăng; không nhận quảng cáo, giới thiệu sản phẩm bị cấm quảng cáo.",
            category=variant.category,
            legal_source=variant.legal,
            data={"variant": variant.name, "remediation_en":
                  "Remove the post; do not accept promotions of products banned from advertising.",
                  **(extra or {})},
        )

    def _model_finding(self, subject: PostView):
        """The statement classifier's finding on the caption, or None (see the module docstring)."""
        if not isinstance(subject, PostView):
            return None
        reading = self._model_reading(subject)
        if reading is None or not promotional(subject) or _lawful_infant_ages(subject):
            return None
        p, start, end = reading
        categories = post_categories(subject)
        variant = next((v for v in VARIANTS if v.category != "other" and v.category in categories), _UNNAMED)
        evidence = [make_evidence(subject, "caption", subject.caption, start, end)]
        return self._finding(subject, variant, evidence, round(claim_model.confidence_factor() * p, 3),
                             notes=claim_model.notes(p), extra=claim_model.finding_data(p))


def _promotion_by_model_notes(p: float) -> tuple[str, str]:
    return (f" (Tính quảng cáo do mô hình phân loại câu nhận định, xác suất {p:.0%}; không có dấu "
            f"hiệu bán hàng nào mà quy tắc biết — cần người rà soát.)",
            f" (Judged as promotion by the statement classifier, probability {p:.0%}; no sales cue "
            f"the rule knows — needs human review.)")


# the model's finding when the post names no banned category the category detector knows
_UNNAMED = Variant("unnamed", "other", "sản phẩm bị cấm quảng cáo", "a product banned from advertising", ART7, [])
