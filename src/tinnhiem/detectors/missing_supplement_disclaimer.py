"""missing_supplement_disclaimer — health-supplement promotion without the mandatory sentence.

A post promotes a health supplement when its declared ``product_categories`` contain
"health_supplement", or — when no product is declared — when the text promotes one
(``_category.supplement_signals``): a supplement product form (thực phẩm chức năng, viên uống,
viên nang, viên hoàn, cốm, hồng sâm, linh chi, sữa ong chúa …) with a health-benefit claim, a
product name, a promotional tone or commercial intent; an ingredient/benefit cue (collagen,
vitamin, bổ gan, giảm cân …) with commercial intent, or with a claim after a product name
("Bổ não Ginkgo … chữa …"); or an intake pattern ("uống X 2 tháng", "dùng X mỗi ngày") with a
health claim. Cues inside a cosmetic/food/drink name ("serum vitamin C", "nước ép detox") do not
count, nor do intake claims about food, drinks, children's milk, drugs or traditional remedies
(thuốc nam/bắc), herbs used outside the body (ngâm chân, xông hơi), candy ("2 viên kẹo"), or
any pet/veterinary product (not a human health supplement); reports, warnings, questions and
prescribed personal use are not promotion unless commercial intent is present. It passes when
the caption, hashtags or transcript contains "Thực phẩm này không phải là thuốc và không có
tác dụng thay thế thuốc chữa bệnh" (folded, punctuation-insensitive, "," or nothing instead of
"và", "là" optional, teencode "ko" accepted, "thay"/"thay thế được"/"dùng thay thế" and "không
phải là thuốc chữa bệnh, …" wordings). Slimming teas count only with a disease claim, slimming
candies and things sucked or eaten ("ngậm 2 viên") never, nor a supplement named only as the
yardstick of another product ("1 thanh bằng 3 viên collagen"). An ingredient cue with a product
name after it and a boast or endorsement ("Top 1 thương hiệu collagen … Collagen X", "tôi chỉ tin
dùng Collagen X") is promotion; so is a product named only "sản phẩm" sold for an internal disease
("sản phẩm đẩy lùi tiểu đường", "hết suy dinh dưỡng") with no cosmetic/drug/device/food context.
A product that contains a prescription drug ("viên tăng cân chứa dexamethasone") is a drug
(``banned_product``), not a supplement; sanction reports ("Thanh tra Sở Y tế phạt 40 triệu đồng
…") are not promotion. Round 9: a title-cased product named after its organ ("Tim Mạch X", "2 hộp
Gút Y") is a supplement form; replacing insulin, medicines or surgery is a strong claim; a text
opening with "Thuốc …", a pill followed by a drug class ("viên uống kháng sinh"), raw herbs sold by
weight, milk named as the product ("Sữa này …"), apologies and enforcement sweeps are not supplement
promotion; drug words that only name what the product replaces or is compared with ("không cần
uống thuốc khớp", "hiệu quả như mũi tiêm") are no other-product context. Round 10: a milk named as
the product ("Sữa Milu Gold Kid …", "sữa non Colomilk"), a healer's lineage ("nhà tôi ba đời chữa
…") and a text opening with a herbal paste's name ("Cao Việt Thảo — …") are other products; a post
carrying a drug ad's confirmation ("…/XNQC-QLD", "xác nhận nội dung quảng cáo thuốc") advertises a
drug; a regulator's or consumer adviser's general statement ("không có thực phẩm bảo vệ sức khỏe
nào …", "người dân nên …") is not promotion. Round 12: herbal/vegetable pills ("viên thảo mộc", "viên rau củ"), NMN and
zinc pills are supplement cues, and organ-named products in sentence case ("Xương khớp Mộc An")
are forms; skin patches ("dán cao hồng sâm"), nose sprays, "An cung ngưu hoàng" and herbal pastes
("cao lá") are other products; "thuốc bổ não" is a drug word; market-surveillance seizures and
press summaries of violations are not promotion; a bare "nói không," ends a question. Round 13:
granules named by a brand or benefit ("Cốm dưỡng tóc X", not "cốm làng Vòng"), syrups named by a
benefit ("Siro tăng miễn dịch X") and milks named by a disease ("sữa non tiểu đường X", not a "sữa
chuyên biệt") are forms; a title-cased food word inside a supplement's name ("Siro … Yến Sào Mật
Ong") is an ingredient; "không phải dùng thuốc nữa" and "chỉ số về bình thường" are strong claims;
a slimming tea whose claims only overlap slimming words ("giảm mỡ bụng") stays a tea; "tặng kèm"
typed bare names no cream; "dùng thử 4 tuần: da mềm" of a skin product is no intake; "liên hệ cơ
sở y tế" is no sale; "không có bất kỳ thực phẩm …", "chưa có bằng chứng", "không cấp phép cho"
are statements, not promotion. Round 14: hangover and liver-detox pills ("viên giải rượu") are
forms, and "giải rượu", "do rượu bia" name what they treat, not a drink sold; herbal pastes named
by an organ ("uống cao xương khớp X") and a product named only by its
organ ("sản phẩm xương khớp") sold by a traditional pharmacy or healer ("nhà thuốc đông y gia
truyền 4 đời") are traditional remedies; "không thể chữa khỏi bằng thực phẩm chức năng",
"khuyến cáo người dân …" are statements about supplements as a class.
Round 15: pills named by the disease they target ("viên gout X", "Viên huyết áp Y") and vitamin C
tablets ("viên C này", chewed — "nhai 1 viên" — not a candy) are forms; a product equated with
amounts of food ("1 ống bằng 4 ly sữa tươi", "tương đương 3 quả chanh") makes a claim; a product
named only as what is replaced ("thay thế hoàn toàn thuốc cường dương", "uống thay thuốc kháng
sinh", "bằng 4 ly sữa") is no other-product context; "uống kẹo/sữa X 3 tháng" is a candy's or
milk's intake; "đường dây nóng" is a hotline (a sale word), not a ring; the first half of the
sentence alone ("Thực phẩm này không phải là thuốc") is the supplement's own label, not a
statement; "cả nhà lưu ý", "không thay thế được" open advice.
Round 16: the shortened label standing alone ("SP không phải là thuốc.", "… Không phải là thuốc.",
"(TPCN ko phải là thuốc)") is the supplement's own label — a supplement form, and no statement —
and, like the legal category followed by the product's name ("Thực phẩm bảo vệ sức khỏe Hạ
Đường X"), is not vetoed by the statement classifier; "rượu bia"/"bia rượu" name drinking, not a
drink sold; a buyer's account of a misleading ad ("Nghe quảng cáo là …, em mua …") is no promotion.
Round 17 (1.16.0): reports about supplement advertising (press and readers' complaints, police,
regulators, hospitals, "được quảng cáo … thực chất chỉ là", an artist's admission) are no
promotion, and selling words inside them ("livestream bán …", "đường dây nóng của Sở") no sale —
but not an ad's claimed approval ("đã được Cục An toàn thực phẩm cấp giấy"); a text opening with
"Thuốc …" is a drug ad whatever pill it names; milks named by a disease ("sữa hạt tiểu đường X")
are milks; drinks and powders taken ("uống trà/nước/cafe/bột X 10 ngày", "bột cần tây giảm mỡ"),
spas, massage oils, infusions ("liệu pháp truyền NMN") and the drugs of traditional medicine
("thuốc bắc Bổ Thận Hoàn") are other products; herbs dried at home or picked in the forest ("xạ
đen nhà tự phơi", "nấm lim gốc rừng") are produce; "gạo lứt giàu chất xơ" names a nutrient in a
food; "ăn giúp mình 2–3 viên" is a candy's intake.
1.13.0: when every cue of an undeclared post lies in its caption, the statement classifier
(``models/claim_model``, its ``missing_supplement_disclaimer`` column) is asked too, and a
caption of 8+ words that it gives less than ``veto_below`` (0.1) is not reported: the cue words
are there, nothing else in the statement reads like a supplement sold without the sentence.
Round 32 (1.20.0): zinc written with its diacritics is a cue ("Kẽm X nhập khẩu từ Pháp"; folded
"kem" is also cream); a bare "cam" in "bột cam", "thuốc cảm", "cảm cúm/lạnh/mạo/sốt" is no ban;
a weight that is only the yardstick ("1 viên bằng ăn 1kg thịt bò") sells nothing raw.
Round 33 (1.21.0): pills named by what they lower ("Viên hạ đường X", "viên hạ mỡ máu") are forms.
Round 36 (1.22.0): an ad's "không chứa chất cấm" / "không có thành phần cấm" reports no ban
(``_category.not_promotion_hits``); a notice that a product "chứa chất cấm" still does.
Round 37 (1.23.0): algae tablets and brown algae ("Viên tảo nâu Fuco X") are supplement forms.
Round 38 (1.24.0): a prescription drug named as the occasion of the product ("khắc phục tác hại khi
dùng kháng sinh") is not what the post sells, and "khắc phục / giảm tác hại" is no warning.
Round 41 (1.25.0, 1.26.0): a disease claim without a supplement cue is also left alone when the
post is about a drug, device, food (any tea by name) or finance product as ``_category`` now names them.
Evidence: the supplement cue(s).
``Finding.category = "health_supplement"``; ``data = {"cues": [...], "declared": bool}``.
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors._category import (CUE_PATTERNS, DRUG_HEAD, NAME_AFTER, NO_MORE_TREATMENT,
                                          supplement_signals)
from tinnhiem.detectors._common import SUPPLEMENT, has_commercial_intent, not_overlapping, scan
from tinnhiem.detectors import _disclosure_terms as D
from tinnhiem.detectors._category import post_categories
from tinnhiem.detectors._rx_drugs import prescription_drug_hits
from tinnhiem.detectors.models import claim_model
from tinnhiem.detectors.base import (Detector, field_group, field_texts, flag_evidence, folded_after,
                                     folded_before, quotes)
from tinnhiem.model import PostView

FIELDS = ("caption", "transcript", "hashtags")
_NOT = r"(?:khong|ko|k|kh|hong)"
_DISCLAIMER = regex.compile(
    # subject: "Thực phẩm (bảo vệ sức khỏe / chức năng) này", "Sản phẩm này", "TPBVSK", or none
    r"(?:(?:thuc\W+pham|san\W+pham|tpcn|tpbvsk|sp)(?:\W+(?:bao\W+ve\W+suc\W+khoe|chuc\W+nang|"
    r"bo\W+sung))?(?:\W+(?:nay|nay\W+chi))?\W+|(?<![\p{L}\p{N}]))"
    r"" + _NOT + r"\W+(?:phai\W+)?(?:la\W+)?thuoc(?:\W+chua\W+benh)?"
    r"\W*(?:va\W+|,\W*|-\W*|;\W*|\.\W*)?(?:cung\W+)?" + _NOT
    + r"\W+(?:co\W+|the\W+|duoc\W+|dung\W+de\W+|dung\W+)?"
    # "thay thế", "thay", "thay thế được" (wordings of the same sentence)
    r"(?:tac\W+dung\W+)?(?:de\W+)?thay(?:\W+the)?(?:\W+duoc)?\W+(?:cho\W+)?thuoc"
    r"(?:\W+chua\W+benh)?"
    # English: "This product is not a medicine and does not replace medicines"
    r"|(?:is\W+)?not\W+a\W+(?:medicine|drug)\W+(?:and\W+)?(?:does\W+not|cannot|can\W*t|should\W+not)"
    r"\W+(?:be\W+used\W+to\W+)?(?:replace|substitute)"
)
_SUPPLEMENT_RX = T.compile_phrases(SUPPLEMENT)  # at import: in the shared phrase scan from the start
# sale words that are not (yet) commercial intent on their own in ``_common``
_SALE_RX = T.compile_phrases([
    "ship", "ship cod", "giá sỉ", "giá tốt", "giá rẻ", "inbox", "ib", "đặt hàng", "đặt qua",
    "mua 2 tặng 1", "chốt ngay", "chốt liền", "liên hệ", "link mua", "link dưới", "giỏ hàng",
    # creators' calls to buy: sales, the cart, links, bio, hotline offers
    "sale", "đang sale", "link này", "ở link", "link ở", "link bio",
    "link in bio", "ở bio", "gọi ngay", "nhận ưu đãi", "giá ưu đãi", "bấm vào", "mua ngay",
    "tặng 1", "mã giảm", "freeship", "free ship",
    # livestream sales: scarcity, clearance, orders taken by phone number
    "chỉ còn", "hộp cuối", "lọ cuối", "suất cuối", "xả kho", "xả hàng", "hết hàng", "livestream",
    "order", "nhận order", "để lại sđt", "để lại số", "để lại số điện thoại", "cmt số",
    "cmt sđt", "comment số", "số điện thoại", "sđt", "hotline", "đơn đầu", "mua trước",
    # round 15 — a hotline ("gọi đường dây nóng để được tư vấn")
    "đường dây nóng",
])


def has_disclaimer(post: PostView) -> bool:
    """Mandatory sentence present in any scanned field (fuzzy, see module docstring)."""
    for _, text in field_texts(post, FIELDS):
        for view in T.views(text):
            if not T.may_match(_DISCLAIMER, view.folded):
                continue  # (the shared prefilter: no match possible)
            if _DISCLAIMER.search(view.folded, timeout=T.REGEX_TIMEOUT):
                return True
    return False


def promotion_cues(post: PostView) -> list:
    """Evidence that an undeclared post promotes a health supplement ([] if it does not)."""
    if not _may_promote(post):
        return []  # (performance only: every path below would return [] too)
    sig = supplement_signals(post)
    short = _short_labels(post)
    if short and not sig["other"]:  # round 16 — "SP không phải là thuốc.": the supplement's
        # own (shortened) label names the product a supplement, like "thực phẩm bảo vệ sức khỏe"
        sig = dict(sig, forms=sig["forms"] + not_overlapping(short, sig["forms"] + sig["weak"]),
                   not_promo=not_overlapping(sig["not_promo"], short))
    forms, weak, intake, claim = sig["forms"], sig["weak"], sig["intake"], sig["claim"]
    if sig["pet"]:
        return []  # (pet/veterinary products are not human health supplements)
    if not (forms or weak or intake):
        return _unnamed_product(post, sig)  # (pet/veterinary products are not human health supplements)
    if scan(post, FIELDS, DRUG_HEAD, exact=True) and not _names_category(post, forms + weak):
        return []  # round 17 — "Thuốc ngủ …, uống 1 viên", "Thuốc giảm cân X, viên nang …": a drug

    # a prescription drug in the text ("thuốc giảm cân Sibutramine", "Ozempic"): its claims
    # are a drug's, and "3 viên" / "giảm cân" there do not name a supplement
    drugs = prescription_drug_hits(post)
    if drugs and _contains_drug(post, drugs):
        return []  # "viên tăng cân X chứa dexamethasone": a drug (adulterated), not a supplement
    if drugs:
        sig = dict(sig, other=sig["other"] + drugs)
        forms = [f for f in forms if not f.quote[:1].isdigit()]
        weak = not_overlapping(weak, drugs)
        if not (forms or weak or intake):
            return []
    if scan(post, FIELDS, _DRUG_AD_RX):
        return []  # an (OTC) drug ad with its Ministry of Health confirmation number
    commercial, report = _commercial_or_report(post)
    not_promo = _not_promo(post, sig["not_promo"]) + report
    if not_promo:
        texts = dict(field_texts(post, FIELDS))
        not_promo = [h for h in not_promo if not (T.fold(h.quote).lower() == "khong phai la thuoc"
                     and _OWN_LABEL_BEFORE.search(folded_before(texts, h, 30)))]
    if (not_promo or scan(post, FIELDS, _ADVICE_RX)) and not commercial:
        return []  # a report, warning, question, general advice or prescribed personal use
    if forms and all(_soft_form(f) for f in forms) and scan(post, FIELDS, _REMEDY_RX):
        forms = []  # round 14 — "nhà thuốc đông y gia truyền 4 đời, sản phẩm xương khớp này …"
    named = sig["named"]
    cues = forms + weak
    claim = not_overlapping(claim, cues)
    if forms and (commercial or claim or named or sig["promo"] or intake):
        return forms + [w for w in weak if w not in forms]
    if weak and commercial and (named or not sig["other"]):
        return weak
    if weak and not sig["other"] and ((claim and (named or intake)) or _strong_claim(claim)):
        return weak
    if weak and named and not sig["other"] and scan(post, FIELDS, _BOAST_RX):
        return weak  # "Top 1 thương hiệu collagen … Collagen X", "tôi chỉ tin dùng Collagen X"
    health = [c for c in claim if T.fold(c.quote).strip() not in _GENERIC_CLAIM]
    if (intake and not cues and "cosmetics" in post_categories(post)
            and not any(T.fold(i.quote).startswith(("uong", "u ")) for i in intake)):
        intake = []  # round 13 — "dùng thử 4 tuần: da mềm" of a skin product (applied, not taken)
    if intake and not sig["other"] and (commercial and claim or health and (
            commercial or sig["promo"] or named or weak or _strong_claim(claim))):
        return intake
    return _unnamed_product(post, sig) if not drugs else []


# round 14 — a product named only by the organ it targets ("sản phẩm xương khớp", "sp dạ dày",
# "Xương Khớp X") sold by a traditional pharmacy or healer's lineage is a traditional remedy
_ORGAN_WORDS = {T.fold(w) for w in ("tim mạch", "xương khớp", "dạ dày", "tiểu đường", "huyết áp",
                                     "gút", "gout", "bổ gan", "mát gan", "bổ thận", "tiền đình",
                                     "đại tràng", "tiểu đêm", "mỡ máu", "tuyến giáp")}
_REMEDY_RX = T.compile_phrases([
    "gia truyền", "thuốc đông y", "nhà thuốc đông y", "tiệm thuốc đông y", "thuốc nam",
    "nhà thuốc nam", "thuốc bắc", "lương y", "bốc thuốc", "thầy lang", "ông lang", "bà lang",
    "thần y", "danh y", "lang y", "đời chữa", "đời bốc thuốc", "đời làm thuốc",
    # (not "Viện Y học cổ truyền", "Viện Nghiên cứu bài thuốc …": an institute vouching)
])


def _soft_form(form) -> bool:
    words = T.fold(form.quote).lower().split()
    return bool(words) and (words[0] in ("san", "sp") or " ".join(words) in _ORGAN_WORDS)


# round 10 — a drug ad's confirmation ("Số giấy xác nhận nội dung quảng cáo thuốc …/XNQC-QLD")
_DRUG_AD_RX = T.compile_phrases(["xnqc qld", "xnqc-qld", "nội dung quảng cáo thuốc",
                                 "xác nhận quảng cáo thuốc"])
# round 10 — general statements of regulators and consumer advisers about supplements as a class
_ADVICE_RX = T.compile_phrases([
    "không có thực phẩm", "không có thực phẩm chức năng", "không có tpcn",
    "không có thực phẩm bảo vệ sức khỏe", "không có thực phẩm bảo vệ sức khoẻ", "thổi phồng",
    "bộ y tế khẳng định", "bộ y tế khuyến cáo", "người dân nên", "người dân cần",
    "người tiêu dùng nên", "người tiêu dùng cần", "người mua nên", "người bệnh nên",
    "người bệnh cần", "khi mua thực phẩm", "khi chọn mua",
    # round 13 — "không có bất kỳ thực phẩm bảo vệ sức khỏe nào …", experts on the evidence
    # ("chưa có bằng chứng khoa học cho thấy …") and an institute's denial ("Viện không cấp phép
    # cho bất kỳ cá nhân nào sử dụng tên của Viện để quảng cáo")
    "không có bất kỳ thực phẩm", "không có bất kỳ sản phẩm", "không có bất cứ thực phẩm",
    "chưa có bằng chứng", "chưa đủ bằng chứng", "không có bằng chứng", "chưa được chứng minh",
    "không cấp phép cho", "không ủy quyền", "không uỷ quyền",
    # round 14 — what supplements cannot do, said of the class ("cận thị không thể chữa khỏi bằng
    # thực phẩm chức năng"), and warnings addressed to the public
    "không thể chữa khỏi bằng", "không thể chữa bằng", "không chữa khỏi bằng",
    "không chữa được bằng", "không thể điều trị bằng", "không điều trị được bằng",
    "không thể thay thế thuốc", "không thể thay thuốc", "khuyến cáo người dân",
    "khuyến cáo người tiêu dùng", "người tiêu dùng lưu ý", "người dân lưu ý",
    "không tham gia bán", "không tham gia quảng cáo",
    # round 15 — advice to the audience ("Cả nhà lưu ý: viên uống chống nắng không thay thế được
    # kem chống nắng")
    "cả nhà lưu ý", "mọi người lưu ý", "các bạn lưu ý", "bà con lưu ý", "các mẹ lưu ý",
    "không thay thế được", "không thể thay cho",
    # round 16 — a buyer's account of an ad that misled them ("Nghe quảng cáo là hiệu quả …, em
    # mua … mà da còn sạm hơn"), not a promotion
    "nghe quảng cáo", "tin quảng cáo", "tin lời quảng cáo", "tiền mất tật mang", "bị lừa mua",
])
# round 15 — the first half of the mandatory sentence ("*Thực phẩm này không phải là thuốc", the
# rest missing) is a supplement's own label, not a statement that something is no medicine
_OWN_LABEL_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:thuc pham|san pham|tpcn|tpbvsk|sp)(?:\s+(?:bao ve suc khoe|chuc nang))?"
    r"\s+nay\s*$")
# round 16 — the shortened label standing alone ("SP không phải là thuốc.", "… trên kênh. Không
# phải là thuốc.", "(TPCN ko phải là thuốc)"): the first half of the mandatory sentence, with
# nothing after it in its sentence, on folded lower-cased text. Only supplements carry it, so it
# names the product a supplement (a weak cue) and is no statement that something is no medicine.
_SHORT_LABEL = regex.compile(
    # (not the wording a rule requires: "bao bì phải ghi khuyến cáo sản phẩm không phải là thuốc.")
    r"(?:(?<!(?:khuyen cao|ghi|ghi ro|dong chu|cau|noi dung|nhan|thong tin)\s)"
    r"(?<![\p{L}\p{N}])(?:thuc pham|san pham|tpcn|tpbvsk|sp)(?:\s+(?:bao ve suc khoe|chuc nang))?"
    r"(?:\s+nay)?\s+|^|(?<=[.!?\n(*]\s{0,3}))"
    # (round 26: also closed by a quotation mark: "giọng đọc cuối clip: 'sản phẩm không phải là thuốc'")
    r"(?:khong|ko|k|kh|hong)\s+(?:phai\s+)?(?:la\s+)?thuoc(?=\s*['\"\u2019\u201d\u00bb]*\s*(?:[.!?)\n]|$))")
T.register_prefilter(_SHORT_LABEL)


def _short_labels(post: PostView) -> list:
    """The shortened label ("SP không phải là thuốc.") as evidence (see ``_SHORT_LABEL``)."""
    return scan(post, FIELDS, _SHORT_LABEL)


# "đã tạm ngừng livestream", "bị cấm livestream": a stopped sale is no sale word
_STOPPED_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:ngung|dung|tam ngung|tam dung|cam|bi cam|"
                                r"khoa|bi khoa|huy)\s+$")
# round 13 — "cần liên hệ cơ sở y tế / bác sĩ": advice to see a doctor, not a sale
_CARE_AFTER = regex.compile(r"^\s+(?:ngay\s+|kip thoi\s+|som\s+)?(?:voi\s+)?(?:co so y te|bac si|benh vien|nhan vien y te|tram y te|"
                            r"co quan chuc nang|trung tam y te)(?![\p{L}\p{N}])")


# round 17 — a report about how supplements are advertised or sold: the press and readers'
# complaints ("Theo phản ánh, …", "sau khi báo chí phản ánh"), police and courts ("Công an cho
# biết nghi phạm …"), regulators and hospitals ("Cơ quan chức năng lưu ý", "Đại diện bệnh viện
# khẳng định …", "… đều vi phạm khoản 2 Điều 27"), what an ad claimed ("được quảng cáo …
# thực chất chỉ là thực phẩm bảo vệ sức khỏe"), an artist's admission ("thừa nhận đã ngộ
# nhận"). Words of selling inside such a report ("livestream bán thực phẩm chức năng", "đường dây
# nóng của Sở") are the reported activity, not a sale; only a real call to buy (a link, the cart,
# a price) still makes the post commercial. (Not an ad's claim of approval: "đã được Cục An toàn
# thực phẩm cấp giấy", "được Bộ Y tế Nhật Bản cấp phép".)
_REPORT_RX = T.compile_phrases([
    "theo phản ánh", "báo chí phản ánh", "sau khi báo chí", "báo chí nhận được", "nhận được phản ánh",
    "bị phản ánh", "dư luận", "bị chỉ trích", "quảng cáo lố", "bị tố", "tố cáo",
    "được quảng cáo là", "được quảng cáo", "thực chất chỉ là", "thực chất là", "thực chất chỉ",
    "như thuốc chữa bệnh", "như thể thuốc", "cơ quan chức năng", "cơ quan quản lý",
    "là vi phạm", "đều vi phạm", "đã vi phạm", "bị coi là vi phạm", "vi phạm khoản", "vi phạm điều",
    "vi phạm nghị định", "vi phạm pháp luật", "vi phạm quy định",
    "theo bộ y tế", "theo sở y tế", "theo cục", "sở y tế", "bộ y tế", "cục an toàn thực phẩm",
    "cục attp", "công an", "nghi phạm", "bị khởi tố", "bị bắt", "bị tạm giữ", "truy tố",
    "thừa nhận", "ngộ nhận", "đại diện bệnh viện", "bệnh viện khẳng định", "khẳng định không có",
    "không có bác sĩ nào", "tự xưng", "mạo danh", "tự gắn mác", "gắn mác", "đề nghị người dân",
    "nên đi khám", "cần đi khám", "hãy đi khám", "cần được khám", "cần được siêu âm",
    # round 26 — a sweep by the authorities ("Sau đợt truy quét, nhiều shop thực phẩm chức năng …")
    "truy quét", "đợt truy quét",
])
_CLAIMED_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:duoc|da duoc|boi|dat|cua)\s+$")
# "không cần đi khám" (a claim), not advice to see a doctor
_NEGATED_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:khong|ko|k|chang|khoi|khoi phai)\s+$")
_CLAIMED_AFTER = regex.compile(r"^\s+(?:[\p{L}\p{N}]+\s+){0,4}?(?:cap|chung nhan|cong nhan|cho phep|"
                               r"kiem dinh|xac nhan|khuyen dung|kiem nghiem|phe duyet)(?![\p{L}\p{N}])")


def _commercial_or_report(post: PostView) -> tuple[bool, list]:
    """``(commercial, report hits)``: inside a report, words of selling ("livestream bán …",
    "đường dây nóng") are the reported activity, so only the shared commercial signals count."""
    report = _report_hits(post)
    return has_commercial_intent(post) or (not report and bool(_sale_hits(post))), report


def _report_hits(post: PostView) -> list:
    """Markers of a report about supplement advertising (see ``_REPORT_RX``), not an ad's own
    claim of approval ("đã được Cục An toàn thực phẩm cấp giấy xác nhận")."""
    hits = scan(post, FIELDS, _REPORT_RX)
    if not hits:
        return hits
    texts = dict(field_texts(post, FIELDS))
    return [h for h in hits if not _CLAIMED_BEFORE.search(before := folded_before(texts, h, 12))
            and not _NEGATED_BEFORE.search(before)
            and not _CLAIMED_AFTER.match(folded_after(texts, h, 50))]


def _not_promo(post: PostView, hits) -> list:
    """``not_promotion_hits`` without an authority an ad claims approval of ("đã được Cục An toàn
    thực phẩm cấp giấy xác nhận quảng cáo")."""
    if not hits:
        return hits
    texts = dict(field_texts(post, FIELDS))
    return [h for h in hits if not (T.fold(h.quote).lower() in _AUTHORITIES
                                    and (_CLAIMED_BEFORE.search(folded_before(texts, h, 12))
                                         or _CLAIMED_AFTER.match(folded_after(texts, h, 50))))]


_AUTHORITIES = {"cuc an toan thuc pham", "cuc attp", "bo y te", "so y te"}


def _sale_hits(post: PostView) -> list:
    hits = scan(post, FIELDS, _SALE_RX)
    if not hits:
        return hits
    texts = dict(field_texts(post, FIELDS))
    return [h for h in hits if not _STOPPED_BEFORE.search(folded_before(texts, h, 14))
            and not (T.fold(h.quote) == "lien he" and _CARE_AFTER.match(folded_after(texts, h, 24)))]


# boasting or endorsement of a named product ("top 1", "số 1", "tin dùng", "khuyên dùng")
_BOAST_RX = T.compile_phrases(["top 1", "top một", "số 1", "số một", "hàng đầu", "tin dùng",
                               "khuyên dùng", "tin tưởng sử dụng", "được tin dùng", "nhiều nhất",
                               "bán chạy nhất", "tốt nhất"])
# "chứa dexamethasone", "có trộn corticoid", "thành phần sibutramine" (folded text before a drug)
_CONTAINS_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:chua|co chua|tron|co tron|pha|pha tron|thanh phan|them|tron them|"
    r"bi tron|phat hien)\s+(?:(?:chat|hoat chat|thuoc|ca)\s+)?$")


def _contains_drug(post: PostView, drugs) -> bool:
    texts = dict(field_texts(post, FIELDS))
    return any(_CONTAINS_BEFORE.search(folded_before(texts, d, 30), timeout=T.REGEX_TIMEOUT)
               for d in drugs)


# "sản phẩm (này) đẩy lùi tiểu đường", "sản phẩm … hết suy dinh dưỡng": a product named only
# as "sản phẩm", sold for an internal disease and nothing else (no cosmetic, device, drug, food or
# remedy context), is sold as a health supplement
_PRODUCT_RX = T.compile_phrases(["sản phẩm", "sản phẩm này"])
_INTERNAL_DISEASE_RX = T.compile_phrases([
    "tiểu đường", "đái tháo đường", "đường huyết", "huyết áp", "mỡ máu", "ung thư", "u xơ",
    "u nang", "xương khớp", "thoái hóa", "thoái hoá", "dạ dày", "gan nhiễm mỡ", "men gan",
    "suy thận", "tim mạch", "suy dinh dưỡng", "biếng ăn", "chậm lớn", "tiền đình", "mất ngủ",
    "gout", "gút", "bệnh trĩ", "hiếm muộn", "vô sinh", "viêm phế quản", "trào ngược",
    "đại tràng", "tiểu đêm", "tiền liệt tuyến", "suy giãn tĩnh mạch", "loãng xương"])
_CURE_RX = T.compile_phrases(["chữa", "chữa khỏi", "trị", "điều trị", "đặc trị", "khỏi", "hết",
                              "dứt điểm", "đánh tan", "đẩy lùi", "tiêu diệt", "hạ", "ổn định",
                              "phòng ngừa", "ngăn ngừa", "cải thiện", "giảm"])

_ANY_AFTER = regex.compile(r"\s+(?:nao|gi)(?![\p{L}\p{N}])")

# What ``promotion_cues`` can quote: a supplement form, weak cue or intake
# (``_category.CUE_PATTERNS``), or the shortened label. Without any of them it returns
# ``_unnamed_product``, which needs a match of each of its three patterns.
_CUE_GATE = T.PatternGate({**CUE_PATTERNS, "folded": (*CUE_PATTERNS["folded"], _SHORT_LABEL)})
_UNNAMED = (_PRODUCT_RX, _INTERNAL_DISEASE_RX, _CURE_RX)


def _may_promote(post: PostView) -> bool:
    """False only if ``promotion_cues(post)`` is certainly empty: no pattern it quotes can match
    (one prefilter question per view kind; most posts name no supplement at all)."""
    group = field_group(post, FIELDS)
    return _CUE_GATE.may_match_any(group) or all(T.may_match_any(p, group) for p in _UNNAMED)


def _unnamed_product(post: PostView, sig) -> list:
    if sig["other"]:
        return []
    texts = dict(field_texts(post, FIELDS))
    # (not "không có sản phẩm nào chữa khỏi …": no product is promoted)
    products = [p for p in scan(post, FIELDS, _PRODUCT_RX)
                if not _ANY_AFTER.match(T.fold(texts.get(p.field, "")[p.end:p.end + 12]))]
    if not products:
        return []
    diseases = scan(post, FIELDS, _INTERNAL_DISEASE_RX)
    cures = [c for c in scan(post, FIELDS, _CURE_RX)
             if not D.negated(texts.get(c.field, ""), c.start)]
    if not diseases or not cures:
        return []
    cats = post_categories(post)
    if any(c in cats for c in ("drug", "cosmetics", "medical_device", "food", "infant_formula",
                                "tobacco", "alcohol", "finance")):
        return []
    commercial, report = _commercial_or_report(post)
    if (_not_promo(post, sig["not_promo"]) or report) and not commercial:
        return []
    return products[:1] + diseases[:1]


_STRONG_CLAIM = {"chữa", "chữa khỏi", "trị", "điều trị", "khỏi", "khỏi hẳn", "khỏi bệnh",
                 "dứt điểm", "lành", "lành hẳn", "không cần uống thuốc", "bỏ thuốc",
                 "bỏ luôn thuốc", "tái tạo", "đánh tan", "tiêu diệt",
                 # round 9 — replacing insulin, medicines or surgery
                 "không phải tiêm insulin", "không cần tiêm insulin", "bỏ tiêm insulin",
                 "không phải uống thuốc", "không cần mổ", "không phải mổ", "khỏi phải mổ",
                 "tránh được mổ", "bỏ hẳn thuốc", "ngưng thuốc", "ngừng thuốc",
                 *NO_MORE_TREATMENT}  # round 13


# claim words that say nothing about health by themselves ("giúp mình làm việc hiệu quả")
_GENERIC_CLAIM = {T.fold(c) for c in ("giúp", "hỗ trợ", "hiệu quả", "cam kết", "thay thế",
                                       "bổ sung", "tăng cường", "cải thiện", "phục hồi",
                                       "hồi phục", "chống", "ngừa", "sức khỏe", "sức khoẻ")}


_STRONG_FOLDED = {T.fold(c) for c in _STRONG_CLAIM}


def _strong_claim(claim) -> bool:
    return any(T.fold(e.quote).strip() in _STRONG_FOLDED for e in claim)


# round 16 — the text itself names the product's legal category ("Thực phẩm bảo vệ sức khỏe X
# – …", "TPCN nhập khẩu") or carries the shortened label ("SP không phải là thuốc."): as
# authoritative as a declared category, so the statement classifier does not veto it
_CATEGORY_NAMES = {T.fold(w).lower() for w in ("thực phẩm chức năng", "tpcn", "tpbvsk",
                                               "thực phẩm bảo vệ sức khỏe",
                                               "thực phẩm bảo vệ sức khoẻ")}


def _names_category(post: PostView, cues) -> bool:
    """A cue is the shortened label, or the category name followed by the product's name
    ("Thực phẩm bảo vệ sức khỏe Hạ Đường X", not "những loại thực phẩm chức năng đó")."""
    texts = dict(field_texts(post, FIELDS))
    return any(_SHORT_LABEL.fullmatch(T.fold(c.quote).lower().strip())
               or (T.fold(c.quote).lower().strip() in _CATEGORY_NAMES
                   and NAME_AFTER.match(texts.get(c.field, "")[c.end:c.end + 60])) for c in cues)


class MissingSupplementDisclaimer(Detector):
    """Health-supplement promotion lacks "Thực phẩm này không phải là thuốc …"."""

    id = "missing_supplement_disclaimer"
    # 1.18.0: a quoted shortened label; 1.19.0: unmarked "giam" names no vinegar
    # 1.20.0 (round 32): zinc sold as the product, bare "cam" of a cold, a yardstick's weight
    # 1.21.0 (round 33): "viên hạ đường/mỡ máu/áp" are forms; "ma CODE10" typed bare is a code
    # 1.21.1 (round 34): the commercial signals it reads
    # 1.22.0 (round 36): "không chứa chất cấm" reports no ban
    # 1.23.0 (round 37): "viên tảo", "tảo nâu" are supplement forms
    # 1.24.0 (round 38): a drug named as the occasion ("khi dùng kháng sinh") and "khắc phục tác hại"
    # do not stop a supplement ad
    # 1.25.0 (round 41): the shared product categories that stop a disease claim without a
    # supplement cue (drugs, devices, foods, finance named more fully)
    # 1.26.0 (round 41): any tea by name ("Trà dây Tây Bắc … khắc tinh viêm loét dạ dày") is a food
    version = "1.26.0"
    scope = "post"
    title_vi = "Thiếu câu khuyến cáo bắt buộc cho thực phẩm bảo vệ sức khỏe"
    title_en = "Missing mandatory health-supplement disclaimer"
    severity = "major"
    legal_source = (
        "Nghị định 15/2018/NĐ-CP Điều 27 khoản 3; Nghị định 342/2025/NĐ-CP Điều 5 khoản 2–3"
    )
    rule_confidence = "V"
    catalog_id = "VN-HS-MANDATORY-DISCLAIMER"
    model_veto = True  # the statement classifier's column may rule out caption-only cues (docstring)

    def available(self, subject: PostView) -> bool:
        return isinstance(subject, PostView) and bool(field_texts(subject, FIELDS))

    def prepare(self, subjects) -> None:
        """Classify every post's caption in one vectorised pass (for the classifier's veto)."""
        claim_model.prepare_captions(subjects)

    def detect(self, subject: PostView, upstream):
        declared = "health_supplement" in subject.product_categories
        if subject.product_categories and not declared:
            return  # declared products are authoritative: none is a health supplement
        cues = scan(subject, FIELDS, _SUPPLEMENT_RX) if declared else promotion_cues(subject)
        if not declared and not cues:
            return
        if (not declared and not _names_category(subject, cues)
                and claim_model.vetoes(subject.caption or "", {e.field for e in cues}, self.id)):
            return  # (cues in the caption alone, which the statement classifier reads as no such promotion)
        if has_disclaimer(subject):
            return
        evidence = cues or [flag_evidence("product_categories:health_supplement")]
        q = quotes(evidence, 2)
        yield self.finding(
            subject,
            message=(f"Quảng cáo thực phẩm bảo vệ sức khỏe ({q}) thiếu câu \"Thực phẩm này không "
                     "phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh\""),
            message_en=(f"Health-supplement promotion ({q}) lacks the mandatory sentence \"This "
                        "food is not a medicine and does not replace medicines\""),
            evidence=evidence,
            confidence=0.95 if declared else 0.8,
            remediation=(
                "Ghi rõ (và đọc rõ trong video trên 15 giây) câu: \"Thực phẩm này không phải là "
                "thuốc và không có tác dụng thay thế thuốc chữa bệnh\", cùng cụm từ \"Thực phẩm "
                "bảo vệ sức khỏe\"."
            ),
            category="health_supplement",
            data={"cues": [e.quote for e in cues], "declared": declared,
                  "remediation_en": "Show (and read aloud in videos over 15 s) the sentence "
                  "\"This food is not a medicine and does not replace medicines\"."},
        )

T.register_prefilter(_DISCLAIMER)  # (in the shared prefilter database from the start)
