"""Prescription drugs named in a post — the lexicon two detectors share.

``banned_product`` reports advertising a prescription drug (Law 16/2012 Art. 7 cl. 5);
``missing_supplement_disclaimer`` needs to know when the pills a post talks about are a drug
("thuốc giảm cân Sibutramine", "Ozempic"), whose claims are a drug's, not a supplement's.
Terms are matched as phrases on folded text (diacritics checked); molecule families by suffix
(-cillin, -mycin, -floxacin, cef…, -prednisolon, -steride, -sartan, -statin …). A drug the
promoted product claims to replace ("không phải dùng kháng sinh nữa", "bỏ hẳn thuốc ngủ") or is
compared with ("hiệu quả như mũi tiêm giảm cân") is not the product itself and is left out.
Also: a drug named by what it treats ("thuốc Nga xách tay trị viêm gan B, C và HIV"; not herbal
or supporting remedies), a GLP-1 pen sold by the dose ("tiêm 1 bút giảm 2-3kg") and (round 15) an
injection pen in a post claiming weight loss or blood-sugar control ("bút tiêm Hàn Quốc … 5 tháng
giảm 15 kg"). A pharmacy's prescription service ("mua thuốc theo đơn") is no drug on offer.
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors._common import not_overlapping, scan
from tinnhiem.detectors.base import field_texts
from tinnhiem.model import Evidence, PostView

FIELDS = ("caption", "transcript", "hashtags")

RX_TERMS = ["thuốc kê đơn", "thuốc theo đơn", "kháng sinh", "corticoid", "corticosteroid",
            "thuốc giảm cân", "thuốc tăng cân", "thuốc ngủ", "thuốc an thần", "amoxicillin",
            "azithromycin", "cephalexin", "ciprofloxacin", "dexamethasone", "prednisolone",
            "sibutramine", "isotretinoin", "methylprednisolone", "thuốc tiêm giảm cân", "ozempic",
            "methylprednisolon", "prednisolon", "dexamethason", "medrol", "finasteride",
            "finasterid", "dutasteride", "tretinoin", "thuốc kháng sinh", "sildenafil", "tadalafil",
            "metronidazole", "metronidazol", "clobetasol", "semaglutide", "diazepam",
            "alprazolam",
            # cancer drugs (prescription only): "thuốc đặc trị ung thư phổi thế hệ mới"
            "thuốc đặc trị ung thư", "thuốc điều trị ung thư", "thuốc trị ung thư",
            "thuốc nhắm trúng đích", "thuốc điều trị đích", "thuốc hóa trị", "thuốc ung thư",
            # round 10 — "thuốc trị khối u xách tay Đức", "thuốc chữa ung thư"
            "thuốc trị khối u", "thuốc điều trị khối u", "thuốc đặc trị khối u", "thuốc chữa khối u",
            "thuốc chữa ung thư", "thuốc chống ung thư", "thuốc diệt khối u",
            # weight-loss injections (GLP-1 agonists, prescription only): "bút tiêm giảm cân",
            # "thuốc tiêm liraglutide", "Wegovy", "Mounjaro"
            "bút tiêm giảm cân", "tiêm giảm cân", "mũi tiêm giảm cân", "kim tiêm giảm cân", "bút tiêm tiểu đường",
            "thuốc tiêm tiểu đường", "wegovy", "saxenda", "mounjaro", "victoza", "rybelsus",
            "trulicity", "tirzepatide",
            # prescription antivirals sold online ("thuốc cúm oseltamivir không cần đơn")
            "oseltamivir", "tamiflu", "molnupiravir", "favipiravir", "tenofovir", "entecavir",
            "sofosbuvir", "remdesivir", "valacyclovir",
            # round 13 — whitening drips and growth-hormone shots sold by spas ("bộ truyền trắng
            # 6 ống tự truyền tại nhà", "tiêm hormone tăng trưởng … cao thêm 4–7cm"): injectable
            # drugs for a doctor's use, not a supplement's "kích thích hormone tăng trưởng"
            "truyền trắng", "truyền trắng da", "tiêm trắng", "tiêm trắng da", "tiêm truyền trắng",
            "tiêm hormone tăng trưởng", "tiêm hoóc môn tăng trưởng", "tiêm hooc môn tăng trưởng",
            "somatropin", "tiêm tăng chiều cao", "thuốc tiêm tăng chiều cao",
            # round 14 — abortion pills sold online (mifepristone/misoprostol, prescription only
            # and for use under a doctor's supervision): "thuốc phá thai tại nhà", "thuốc sảy thai"
            "thuốc phá thai", "thuốc phá thai tại nhà", "thuốc sảy thai", "thuốc làm sảy thai",
            "thuốc đình chỉ thai", "thuốc bỏ thai", "viên phá thai", "mifepristone", "mifepriston",
            "misoprostol", "cytotec",
            # prescription antivirals named by what they treat ("thuốc kháng virus viêm gan B",
            # "thuốc ARV"): see also ``_RX_INDICATION`` for "thuốc Nga trị viêm gan B, C và HIV"
            "thuốc kháng virus", "thuốc kháng vi rút", "thuốc kháng retrovirus", "thuốc arv",
            "thuốc điều trị hiv", "thuốc trị hiv", "thuốc chữa hiv", "thuốc đặc trị hiv",
            "thuốc điều trị viêm gan b", "thuốc trị viêm gan b", "thuốc đặc trị viêm gan b",
            "thuốc điều trị viêm gan c", "thuốc trị viêm gan c", "thuốc đặc trị viêm gan c",
            # GLP-1 injection pens named without a brand ("bút giảm cân", "kim giảm cân")
            "bút giảm cân", "bút tiêm giảm mỡ", "zepbound", "thuốc glp 1", "bút glp 1", "tiêm glp 1",
            "bút tiêm glp 1",
            # at-home abortion (pills), growth hormone by injection, opioid painkillers
            "phá thai tại nhà", "thuốc đẩy thai", "tiêm hgh", "bút tiêm hormone",
            "hormone tăng trưởng dạng tiêm", "tramadol", "thuốc gây nghiện", "thuốc hướng thần"]
RX_EXCLUDE = ["kháng sinh tự nhiên", "lạm dụng kháng sinh", "không dùng kháng sinh",
              "không cần kháng sinh", "kháng sinh thực vật",
              # side effects of a cancer drug, or a product that says it is none
              "tác dụng phụ của thuốc hóa trị", "tác dụng phụ của thuốc điều trị ung thư",
              "tác dụng phụ của thuốc trị ung thư", "tác dụng phụ của thuốc ung thư",
              "không phải thuốc trị ung thư", "không phải là thuốc trị ung thư",
              "không phải thuốc điều trị ung thư", "không phải là thuốc điều trị ung thư",
              "không phải thuốc chữa ung thư", "bệnh nhân đang dùng thuốc hóa trị",
              # warnings about the drips ("không nên truyền trắng da tại spa")
              "không nên truyền trắng", "tác hại của truyền trắng", "tác hại của tiêm trắng",
              "biến chứng truyền trắng", "biến chứng tiêm trắng",
              # round 14 — a pharmacy's service ("quý khách cần mua thuốc theo đơn vui lòng đến
              # sớm", "nhà thuốc không bán kháng sinh khi không có đơn"), not a drug on offer
              "mua thuốc theo đơn", "bán thuốc theo đơn", "cấp thuốc theo đơn",
              "thuốc theo đơn của bác sĩ", "thuốc theo đơn bác sĩ", "nhận đơn thuốc",
              "không bán kháng sinh", "không bán thuốc kháng sinh", "không bán thuốc kê đơn",
              "không bán thuốc theo đơn", "từ chối bán kháng sinh",
              # the harm of abortion pills taken without a doctor (warnings)
              "tác hại của thuốc phá thai", "biến chứng do thuốc phá thai", "tự ý dùng thuốc phá thai",
              "tự ý uống thuốc phá thai", "tự ý mua thuốc phá thai",
              "thuốc kê đơn khi có đơn", "thuốc kê đơn phải có đơn", "thuốc kê đơn cần có đơn",
              "kháng sinh khi có đơn", "kháng sinh phải có đơn", "kháng sinh cần có đơn",
              "thuốc kháng virus tự nhiên", "thuốc kháng vi rút tự nhiên"]

# prescription molecules by family suffix (folded text): antibiotics, corticoids, 5-ARIs …
_RX_DRUG = regex.compile(
    r"(?<![\p{L}\p{N}])(?:\p{L}{2,}(?:cillin|cilin|mycin|micin|floxacin|cyclin|cycline)"
    r"|cef(?:ixim|uroxim|triaxon|adroxil|alexin|podoxim|dinir|azolin|otaxim|tazidim)e?"
    r"|(?:methyl)?prednisolone?|dexamethasone?|betamethasone?|hydrocortisone?|triamcinolone?"
    r"|\p{L}*steride|\p{L}+(?:sartan|gliptin|gliflozin|azepam|zolam|glutide)|\p{L}+statin)"
    r"(?![\p{L}\p{N}])"
)

# "không phải dùng kháng sinh nữa", "bỏ hẳn thuốc ngủ", "thay thế thuốc ngủ": the drug is what
# the promoted product claims to replace (or is compared with), not the product itself. Matched on
# the lower-case text with diacritics (each word as written or without any diacritics): "bỏ"
# (give up), not "bộ" (a set: "Bộ truyền trắng 6 ống"); "thay", not "thấy".
def _dia(words: str) -> str:
    """Regex source for lower-case ``words``: each word with its diacritics or with none."""
    out = []
    for w in words.split():
        f = T.fold(w)
        out.append(regex.escape(w) if f == w else f"(?:{regex.escape(w)}|{regex.escape(f)})")
    return r"\s+".join(out)


def _alt(phrases: str) -> str:
    return "(?:" + "|".join(_dia(p) for p in phrases.split("|")) + ")"


_REPLACED = regex.compile(
    r"(?<![\p{L}\p{N}])" + _alt(
        "không cần|ko cần|không phải|không còn phải|chẳng cần|khỏi|khỏi phải|bỏ|bỏ hẳn|bỏ luôn|"
        "thay|thay thế|thay cho|ngưng|ngừng|ngưng hẳn|ngừng hẳn|ngưng luôn|ngừng luôn|tạm biệt|"
        "nói không với|không lệ thuộc|không phụ thuộc|lệ thuộc|phụ thuộc|hạn chế|giảm|ít|hơn|"
        "thay vì|khỏi cần|"
        # compared with it ("hiệu quả như bút tiêm giảm cân", "tương đương thuốc kháng sinh")
        "như|giống|giống như|ngang|sánh ngang|tương đương|không kém|chẳng kém|"
        # round 14 — the person's current treatment that the promoted product goes with ("con
        # mình đang uống kháng sinh cũng hết tác dụng phụ")
        "đang uống|đang dùng|đang tiêm|"
        # round 38 — the drug as the occasion of the promoted product ("khắc phục tác hại khi dùng
        # kháng sinh", "bảo vệ gan sau khi uống thuốc", "giảm tác dụng phụ của hóa chất")
        "khi|sau khi|trong khi|sau đợt|sau mỗi đợt|tác hại của|tác dụng phụ của")
    # (round 15: "khỏi phải cho con uống kháng sinh" — the person given the drug may come between)
    + r"(?:\s+" + _alt("dùng|uống|xài|tới|đến|phải|hẳn|luôn|vào|cả|những|mọi|hay|các|loại|được|cho|con|bé|trẻ|cháu|em bé|ông|bà|bố|mẹ")
    + r")*(?:\s+" + _alt("thuốc|mũi|kim|bút|liều") + r")?\s*$")

# round 14 — a prescription antiviral named by what it treats ("Thuốc Nga xách tay trị viêm gan
# B, C và cả HIV"); not herbal or supporting remedies ("thuốc nam trị viêm gan B", "thuốc hỗ trợ
# điều trị viêm gan"), which the cure-claim rules judge
_RX_INDICATION = regex.compile(
    r"(?<![\p{L}\p{N}])" + _alt("thuốc") + r"(?:\s+[\p{L}\p{N}]+){0,4}?\s+"
    + _alt("trị|điều trị|chữa|đặc trị|chữa khỏi") + r"\s+(?:"
    + _alt("viêm gan b|viêm gan c|viêm gan siêu vi|siêu vi b|siêu vi c") + r"|hiv|hbv|hcv)"
    + r"(?![\p{L}\p{N}])")
_HERBAL = regex.compile(
    r"(?<![\p{L}\p{N}])(?:nam|bac|dong y|dan toc|gia truyen|la|cay|thao duoc|bo|nam duoc|ho tro|"
    r"rung|thang|bai|dan gian|co truyen|vien uong|tpcn)(?![\p{L}\p{N}])")
# a GLP-1 pen sold by the dose ("tiêm 1 bút giảm 2-3kg", "2 bút giảm 4-5kg")
_PEN = regex.compile(
    r"(?<![\p{L}\p{N}])(?:" + _alt("tiêm|chích") + r"\s+(?:\d+|" + _alt("một|hai") + r")\s+"
    + _alt("bút|cây bút") + r"|\d+\s+" + _alt("bút") + r"\s+" + _alt("giảm|xuống|tan") + r"\s+\d)"
    r"(?![\p{L}\p{N}])")
# round 15 — an injection pen sold for weight loss without the words "giảm cân" next to it ("bút
# tiêm Hàn Quốc, tiêm mỗi tuần 1 lần … 5 tháng giảm 15 kg"): the pen, with a weight-loss or
# blood-sugar claim in the same post (insulin and GLP-1 pens are prescription drugs)
_INJECTION_PEN = regex.compile(
    r"(?<![\p{L}\p{N}])" + _alt("bút tiêm|bút chích|cây bút tiêm") + r"(?![\p{L}\p{N}])")
_PEN_PURPOSE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:" + _alt("giảm cân|giảm mỡ|giảm béo|tan mỡ|đường huyết|tiểu đường") + r"|"
    + _alt("giảm|xuống|bay|tan") + r"\s*\d+(?:[.,]\d+)?\s*(?:kg|" + _alt("ký|kí|cân") + r"))(?![\p{L}\p{N}])")
for _p in (_RX_INDICATION, _PEN, _INJECTION_PEN, _PEN_PURPOSE):
    T.register_prefilter(_p, "lower")


def _not_replaced(post: PostView, hits: list[Evidence]) -> list[Evidence]:
    texts = dict(field_texts(post, FIELDS))
    return [h for h in hits if not _REPLACED.search(
        T.lower(texts.get(h.field, "")[max(0, h.start - 40):h.start]), timeout=T.REGEX_TIMEOUT)]


_TERMS_RX = T.compile_phrases(RX_TERMS)
_EXCLUDE_RX = T.compile_phrases(RX_EXCLUDE)
T.register_prefilter(_RX_DRUG)


# every hit of ``prescription_drug_hits`` is a match of one of these (by view kind): a post
# where none may match has none (``banned_product``'s gate)
TRIGGERS = {"folded": (_TERMS_RX, _RX_DRUG), "lower": (_RX_INDICATION, _INJECTION_PEN, _PEN)}


def prescription_drug_hits(post: PostView) -> list[Evidence]:
    """Prescription drugs the post names as what it is about (not as what it replaces)."""
    hits = scan(post, FIELDS, _TERMS_RX)
    if hits:
        hits = not_overlapping(hits, scan(post, FIELDS, _EXCLUDE_RX))
    indication = [h for h in scan(post, FIELDS, _RX_INDICATION, exact=True)
                  if not _HERBAL.search(T.fold(h.quote), timeout=T.REGEX_TIMEOUT)]
    pens = scan(post, FIELDS, _INJECTION_PEN, exact=True)
    if pens and scan(post, FIELDS, _PEN_PURPOSE, exact=True):
        hits = hits + not_overlapping(pens, hits)
    return _not_replaced(post, hits + scan(post, FIELDS, _RX_DRUG) + indication
                         + scan(post, FIELDS, _PEN, exact=True))
