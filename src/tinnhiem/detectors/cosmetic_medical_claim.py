"""cosmetic_medical_claim — category rule defined in ``rules/health_products.yaml`` (see ``_category_rules``).

The text-inferred product category is refined for this rule only (declared categories are
authoritative and untouched):

* an ingredient that also names supplements ("collagen", "vitamin C") does not make a post
  about a serum, cream or mask a supplement post when nothing else promotes a supplement
  (no supplement product form such as "viên uống", no intake pattern);
* a negated drug cue ("không dùng corticoid", "ko có kháng sinh") does not make a cosmetic a drug;
* a few cosmetic product types missing from the shared lexicon (mouthwash, toothpaste, intimate
  wash and gels, body lotion) put an otherwise uncategorised post in ``cosmetics``;
* a supplement pill form taken by mouth ("Viên nghệ … uống đều 2 tháng") is not a cosmetic when
  the only cosmetic cue is an extract word ("tinh chất curcumin");
* round 10 — a product injected or infused ("bộ truyền trắng … tự truyền tại nhà", "tiêm trắng",
  "ống tiêm") is a drug, not a cosmetic (cosmetics are applied to the outside of the body),
  unless it is only what the product is compared with or replaces ("không cần truyền trắng").
* round 13 — a named cosmetic ("Kem nám X", "Thuốc gội trị gàu Y", "Dầu gội …") whose only drug
  cues are an active ingredient or a lineage pitch ("hoạt chất", "bài thuốc gia truyền") stays a
  cosmetic; a combo of a cream/serum with a pill ("Combo gồm kem bôi, serum và viên uống …") is
  about the cosmetics first; slimming/warming gels, shampoos called "thuốc gội" and underarm
  odour products are cosmetics; ambiguous unaccented words ("nam", "da", "toc", "kem") next to
  internal diseases ("xuong khop", "sinh ly") and body words next to a household device ("máy
  lọc nước … da đẹp") do not make a cosmetic post.
* round 14 — a cosmetic word inside a supplement's product name ("Tinh chất xương khớp X", "viên
  trắng da") is that supplement's name, not a cosmetic; creators' abbreviations "srm" (sữa rửa
  mặt) and "kcn" (kem chống nắng) are cosmetic forms; a "thuốc …" of traditional medicine
  ("Thuốc mọc tóc Đông y X", "Thuốc mọc tóc gia truyền nhà thầy Y") is a (traditional) drug when
  no cosmetic form is named.
* round 15 — bath products rubbed on the body ("muối tắm/muối dẻo tan mỡ", "bột tắm") are
  cosmetics; a hair oil named by what it grows ("tinh dầu X giúp mọc tóc") is a cosmetic form even
  beside a family remedy ("bài thuốc gia truyền"); a healer listing hair/skin troubles among
  internal diseases for "bệnh nhân" (no cosmetic form named) is a medical practice, not a cosmetic.
* round 16 — "corticoid" naming what damaged the skin ("phục hồi da hư tổn do dùng kem có
  corticoid") is no drug cue; hand-cleansing gels ("gel rửa tay khô") are cosmetics.
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors import _category
from tinnhiem.detectors._category_rules import CategoryRule
from tinnhiem.detectors._common import not_overlapping, scan
from tinnhiem.detectors.base import field_texts, folded_before
from tinnhiem.model import PostView

FIELDS = _category.FIELDS
# cosmetic product forms (not the weak skin/hair words): a post naming one is about a cosmetic
_COSMETIC_FORMS = T.compile_phrases([
    "kem dưỡng", "kem face", "kem body", "kem trộn", "kem chống nắng", "kem trị mụn",
    "kem trị nám", "kem trắng da", "kem mắt", "kem nền", "serum", "toner", "nước hoa hồng",
    "sữa rửa mặt", "tẩy trang", "mặt nạ", "mặt nạ ngủ", "sữa tắm", "dầu gội", "dầu xả",
    "tinh chất", "essence", "ampoule", "lotion", "mỹ phẩm", "xịt khoáng", "son dưỡng",
    "kem bôi da", "gel", "sữa dưỡng",
    # round 9 — skin pastes and body lotions
    "cao mụn", "cao bôi", "cao nám", "sữa dưỡng thể", "dưỡng thể",
    # round 13 — creams named by their use, gels applied to the body, shampoo called "thuốc gội"
    "kem nám", "kem bôi", "kem tan mỡ", "gel bôi", "gel nóng", "thuốc gội", "thuốc nhuộm tóc",
    # round 14 — creators' abbreviations (sữa rửa mặt, kem chống nắng)
    "srm", "kcn",
])
# cosmetic forms that also name an ingredient extract of a pill ("tinh chất curcumin")
_EXTRACT_WORDS = {"tinh chat", "essence"}
# cosmetics (ASEAN definition: teeth, oral cavity, external genital organs) not in the lexicon
_EXTRA_COSMETICS = T.compile_phrases([
    "nước súc miệng", "kem đánh răng", "xịt thơm miệng", "dung dịch vệ sinh",
    "dung dịch vệ sinh phụ nữ", "dung dịch vệ sinh vùng kín", "gel vệ sinh", "nước rửa phụ khoa",
    "dung dịch rửa phụ khoa", "xà phòng", "xà bông", "sữa tắm gội", "nước rửa tay",
    # round 9 — intimate-area gels and body lotions
    "gel se khít", "se khít vùng kín", "làm hồng vùng kín", "dung dịch se khít", "sữa dưỡng thể",
    "dưỡng thể", "body lotion",
    # round 13 — warming/slimming gels, shampoo called "thuốc gội", underarm and foot odour
    "gel nóng", "kem nóng", "gel đốt mỡ", "gel massage", "kem massage", "gel bôi", "gel xoa",
    "bôi gel", "thuốc gội", "thuốc nhuộm tóc", "hôi nách", "hôi chân", "xịt hôi nách",
    # round 15 — bath products rubbed on the body ("muối tắm tan mỡ", "muối dẻo", "bột tắm")
    "muối tắm", "muối dẻo", "muối tan mỡ", "muối tẩy tế bào chết", "muối cám", "bột tắm",
    "kem tắm", "tắm trắng",
    # round 16 — hand-cleansing gels ("Gel rửa tay khô X — diệt 99,9% vi khuẩn")
    "gel rửa tay", "gel rửa tay khô", "nước rửa tay khô", "dung dịch rửa tay khô",
])
# round 15 — a hair oil named by what it grows ("tinh dầu X giúp mọc tóc", "tinh dầu bưởi kích
# mọc tóc"): a cosmetic form, even when pitched with a family remedy ("bài thuốc gia truyền")
_HAIR_OIL = regex.compile(
    r"(?<![\p{L}\p{N}])(?:tinh dau|dau duong)\s+(?:[^\s.,;:!?]+\s+){0,3}?(?:giup\s+)?"
    r"(?:moc|kich moc|duong|tri rung|ngan rung|giam rung)\s+(?:toc|long|mi|long mi|long may|may|rau)"
    r"(?![\p{L}\p{N}])")
T.register_prefilter(_HAIR_OIL)
# round 15 — a healer treating patients for internal diseases ("Ai bị bạc tóc, đau dạ dày …
# tôi đã điều trị cho hàng nghìn bệnh nhân"): a medical practice, not a cosmetic
_PATIENTS = T.compile_phrases(["bệnh nhân", "người bệnh", "ca bệnh"])
# round 13 — drug cues that a named cosmetic may carry: an active ingredient, a lineage pitch
_SOFT_DRUG = {T.fold(w) for w in ("hoạt chất", "bài thuốc", "bài thuốc gia truyền",
                                  "thuốc gia truyền", "thuốc đông y", "thuốc nam", "thuốc bắc")}
# unaccented single words that are often not cosmetic ("nam" = nam/nám, "da" = đã/da, "toc" =
# tốc/tóc, "kem" = kém/kem) and internal diseases / devices that mark a non-cosmetic post
_AMBIGUOUS_UNMARKED = {"nam", "da", "toc", "kem"}
_INTERNAL = T.compile_phrases([
    "xương khớp", "thoát vị", "đĩa đệm", "cột sống", "sinh lý", "yếu sinh lý", "liệt dương",
    "tiểu đường", "huyết áp", "dạ dày", "ung thư", "gan", "thận", "tim mạch", "gout", "gút",
])
_DEVICE = T.compile_phrases(["máy lọc nước", "máy tạo kiềm", "máy điện giải", "nước kiềm",
                             "nước ion kiềm", "thiết bị", "đệm", "nệm", "vòng tay"])
# round 19 — unaccented, "dem" is also "đêm" (night: "23h59 dem nay het sale") and "nem" a dish:
# a mattress counts only when written with its diacritics
_UNMARKED_NOT_DEVICE = {"dem", "nem"}
# words that name skin/hair conditions or body parts only (no cosmetic product)
_BODY_WORDS = {T.fold(w) for w in ("da", "làn da", "da mặt", "tóc", "da đầu", "mụn", "nám",
                                     "tàn nhang", "vết thâm", "lỗ chân lông", "vùng nách")}
# round 10 — injected or infused products: drugs, never cosmetics
_INJECTED = T.compile_phrases([
    "truyền trắng", "tự truyền", "truyền tại nhà", "tiêm trắng", "tự tiêm", "ống tiêm",
    "kim tiêm", "thuốc tiêm", "dịch truyền", "truyền dịch", "truyền tĩnh mạch", "tiêm tĩnh mạch",
    "ống truyền", "bộ truyền",
])
# round 14 — "Thuốc mọc tóc Đông y X", "thuốc bôi … gia truyền": a medicine of traditional
# medicine (not "bài thuốc gia truyền" pitched for a named cream, not "thuốc gội"/"thuốc nhuộm")
_TRADITIONAL_DRUG = regex.compile(
    r"(?<![\p{L}\p{N}])thuoc\s+(?!(?:goi|nhuom|la|lao|gia truyen|dong y|co truyen)(?![\p{L}\p{N}]))"
    r"(?:[^\s.,;:!?]+\s+){1,2}?(?:dong y|gia truyen|co truyen)(?![\p{L}\p{N}])")
T.register_prefilter(_TRADITIONAL_DRUG)
_CONDITION_WORDS = {"hoi nach", "hoi chan"}  # (in ``_EXTRA_COSMETICS``, but no product named)
# a negation just before a drug cue, on folded text ("không dùng corticoid", "ko có kháng sinh")
_NEGATION_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:khong|ko|k|0|chang|khong he|khong co|khong dung|ko dung|ko co"
                                 r"|khong chua|ko chua|tranh|noi khong voi)\s+(?:\S+\s+){0,2}$")


# round 16 — a drug cue naming what damaged the skin ("phục hồi da hư tổn do dùng kem có
# corticoid", "da bị tổn thương vì lạm dụng corticoid"): the cause the cosmetic repairs, or (round
# 19) what it draws out of the skin
_CAUSE_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:(?:do|vi|lam dung|nhiem|hu ton|ton thuong)\s+"
                              r"(?:(?:dung|xai|boi|thoa|cac|loai|kem|kem tron|my pham|san pham|co|chua|"
                              r"tron|thuoc|nhieu|lau ngay)\s+){0,4}"
                              # round 19 — what a detox mask draws out: "hút sạch độc tố, chì, corticoid"
                              r"|(?:thai doc|thai|dao thai|hut sach|hut|loai bo|day)\s+(?:[^\s.!?;]+\s+){0,4})$")


def _devices(subject) -> list:
    """Device cues of ``_DEVICE`` in the subject (an unmarked "dem"/"nem" is no mattress)."""
    return [c for c in scan(subject, FIELDS, _DEVICE)
            if T.is_marked(c.quote) or T.fold(c.quote).lower() not in _UNMARKED_NOT_DEVICE]


def _negated(cue, texts: dict[str, str]) -> bool:
    before = folded_before(texts, cue, 30)
    return bool(_NEGATION_BEFORE.search(before, timeout=T.REGEX_TIMEOUT)
                or (T.fold(cue.quote).lower() == "corticoid"
                    and _CAUSE_BEFORE.search(before, timeout=T.REGEX_TIMEOUT)))


def effective_categories(subject) -> dict[str, list]:
    cats = _category.post_categories(subject)
    if not isinstance(subject, PostView) or _category.is_declared(subject):
        return cats
    cats = dict(cats)
    texts = dict(field_texts(subject, FIELDS))
    cos = cats.get("cosmetics")
    if cos:
        # round 14 — "Tinh chất xương khớp X": the cosmetic word names a supplement
        sup_forms = _category.supplement_signals(subject)["forms"]
        left = not_overlapping(cos, sup_forms) if sup_forms else cos
        if not left:
            del cats["cosmetics"]
        elif len(left) < len(cos):
            cats["cosmetics"] = left
    drug = cats.get("drug")
    if drug and all(_negated(c, texts) for c in drug):
        del cats["drug"]
    cos_forms = [c for c in scan(subject, FIELDS, _COSMETIC_FORMS) + scan(subject, FIELDS, _EXTRA_COSMETICS)
                 + scan(subject, FIELDS, _HAIR_OIL)
                 if T.fold(c.quote) not in _EXTRACT_WORDS and not _category.only_yardstick(texts, c)]
    drug = cats.get("drug")
    if drug and cos_forms and all(T.fold(c.quote).strip() in _SOFT_DRUG for c in drug):
        del cats["drug"]  # round 13 — "Kem nám X — bài thuốc gia truyền", "Thuốc gội … hoạt chất"
        if "cosmetics" not in cats:
            cats["cosmetics"] = cos_forms
    cos = cats.get("cosmetics")
    if cos and not cos_forms:
        quotes = [c.quote for c in cos]
        if (all(not T.is_marked(q) and q.lower() in _AMBIGUOUS_UNMARKED for q in quotes)
                and scan(subject, FIELDS, _INTERNAL)):
            del cats["cosmetics"]  # "Nha toi 3 doi chua xuong khop … bac toc, nam da"
        elif all(T.fold(q).lower() in _BODY_WORDS for q in quotes) and _devices(subject):
            del cats["cosmetics"]  # "Máy lọc nước … da đẹp không tì vết"
        elif (all(T.fold(q).lower() in _BODY_WORDS for q in quotes) and scan(subject, FIELDS, _INTERNAL)
              and scan(subject, FIELDS, _PATIENTS)):
            del cats["cosmetics"]  # round 15 — "… đau dạ dày, nám da … điều trị cho hàng nghìn bệnh nhân"
    if "health_supplement" in cats and "cosmetics" in cats and scan(subject, FIELDS, _COSMETIC_FORMS):
        sig = _category.supplement_signals(subject)
        if not sig["forms"] and not sig["intake"]:
            del cats["health_supplement"]
        elif any(T.fold(c.quote) != "gel" for c in cos_forms):
            # round 13 — a cream/serum sold with a pill: the cosmetics' claims count
            cats = {"cosmetics": cats["cosmetics"], **{k: v for k, v in cats.items() if k != "cosmetics"}}
    if "cosmetics" in cats:
        # round 9 — a pill swallowed ("Viên nghệ … uống đều 2 tháng") is not a cosmetic, even
        # when its extract is called "tinh chất"
        sig = _category.supplement_signals(subject)
        if sig["forms"] and sig["intake"]:
            forms = [c for c in scan(subject, FIELDS, _COSMETIC_FORMS)
                     if T.fold(c.quote) not in _EXTRACT_WORDS]
            if not forms:
                del cats["cosmetics"]
    if "cosmetics" in cats and "drug" not in cats and all(
            T.fold(c.quote).lower() in _CONDITION_WORDS for c in cos_forms):
        traditional = scan(subject, FIELDS, _TRADITIONAL_DRUG)
        if traditional:
            cats = {"drug": traditional, **cats}  # round 14 — "Thuốc mọc tóc Đông y X"
    if "cosmetics" in cats and "drug" not in cats:
        injected = [c for c in scan(subject, FIELDS, _INJECTED)
                    if not _category.only_yardstick(texts, c)]
        if injected:
            cats = {"drug": injected, **cats}
    if not cats:
        extra = scan(subject, FIELDS, _EXTRA_COSMETICS) + scan(subject, FIELDS, _HAIR_OIL)
        if extra:
            cats["cosmetics"] = extra
    return cats


class CosmeticMedicalClaim(CategoryRule):
    """Category-specific rule ``cosmetic_medical_claim`` (rules/health_products.yaml)."""

    id = "cosmetic_medical_claim"
    pack = "health_products.yaml"

    def product_categories(self, subject) -> dict[str, list]:
        return effective_categories(subject)
