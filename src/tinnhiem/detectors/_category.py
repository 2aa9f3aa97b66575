"""Product-category detection (private helper shared by category-specific rules).

``post_categories(post)`` returns ``{category: [Evidence, ...]}`` for the categories of
``model.PRODUCT_CATEGORIES`` a post is about:

* **declared** — when ``PostView.product_categories`` is non-empty (a collaboration
  declaration or the product registry names the products) it is authoritative: exactly those
  categories, each with a ``flags`` evidence ``product_categories:<cat>``;
* **inferred** — otherwise from the caption, hashtags and transcript, with the lexicons below
  (catalog 3.D/3.E "applies_to" and Appendix D; diacritics are checked, so "Sơn" is not "son"),
  plus prescription drugs (``_rx_drugs``) for ``drug`` and the supplement product forms of
  ``supplement_signals`` for ``health_supplement``. A medicine or device named only as what the
  product replaces or is compared with does not count, nor a milk sold to adults that names no
  child for ``infant_formula``; a milk's nutrients, a liquor's herbs and unaccented "nam"/"da"
  beside another product name no category of their own. ``other`` is never inferred.
  ``benchmarks/bench_category.py`` measures the inference against the statement sets' product
  labels.

The order of the returned dict is the priority used when a rule applies to several
categories: the most specific, highest-risk category first (drug, health_supplement,
infant_formula, cosmetics, medical_device, tobacco, alcohol, finance, food, other).
Results are cached per post object (``PostView`` is frozen).
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors._common import SUPPLEMENT, not_overlapping, scan
from tinnhiem.detectors._rx_drugs import prescription_drug_hits
from tinnhiem.detectors.base import field_texts, flag_evidence, folded_after, folded_before, per_object_cache
from tinnhiem.model import PRODUCT_CATEGORIES, Evidence, PostView

FIELDS = ("caption", "transcript", "hashtags")
PRIORITY = ("drug", "health_supplement", "infant_formula", "cosmetics", "medical_device",
            "tobacco", "alcohol", "finance", "food", "other")

LEXICON: dict[str, list[str]] = {
    "health_supplement": SUPPLEMENT + [
        "thực phẩm bổ sung", "viên nang mềm", "viên ngậm", "sâm", "tinh dầu thông đỏ",
        "linh chi", "nấm linh chi", "tổ yến", "sữa ong chúa", "mầm đậu nành", "tpbvsk",
        "thực phẩm chức năng", "viên uống trắng da", "viên uống giảm cân", "kẹo rau củ",
        "cao dán", "viên sủi", "chất xơ", "probiotic", "supplement", "supplements",
    ],
    "cosmetics": [
        "mỹ phẩm", "kem dưỡng", "kem dưỡng da", "kem dưỡng ẩm", "kem chống nắng", "kem face",
        "kem body", "kem trộn", "kem trị mụn", "kem trị nám", "kem trắng da", "kem mắt",
        "serum", "toner", "nước hoa hồng", "sữa rửa mặt", "tẩy trang", "nước tẩy trang",
        "mặt nạ", "mặt nạ giấy", "son môi", "son kem", "son lì", "son dưỡng", "thỏi son",
        "phấn phủ", "kem nền", "cushion", "mascara", "dầu gội", "dầu xả", "sữa tắm", "nước hoa",
        "xịt khử mùi", "lăn khử mùi", "lăn nách", "xịt nách", "khử mùi cơ thể",
        "tinh chất", "essence", "ampoule", "lotion", "retinol", "niacinamide", "tẩy tế bào chết",
        "xịt khoáng", "skincare", "makeup", "trang điểm", "dưỡng da", "dưỡng trắng", "làm đẹp da",
        "mụn", "nám", "tàn nhang", "vết thâm", "thâm mụn", "quầng thâm", "lỗ chân lông", "da mặt", "làn da", "kem",
        "da", "da đầu", "tóc", "vùng nách", "cosmetic", "cosmetics", "sunscreen", "moisturizer", "cleanser", "tắm trắng", "ủ trắng",
        "kích trắng", "tinh dầu dưỡng tóc", "thuốc mọc tóc", "serum mọc tóc", "mỹ phẩm thiên nhiên",
        # slimming gels, bust/lift creams, beard/brow/lash growers (products applied to the body)
        "gel tan mỡ", "gel giảm mỡ", "kem tan mỡ", "gel nâng cơ", "kem nâng cơ", "kem nở ngực",
        "kem nâng ngực", "kem nâng mông", "xịt mọc râu", "serum mọc râu", "tinh dầu mọc râu",
        "mọc râu", "xịt mọc tóc", "serum mọc mi", "dưỡng mi", "dưỡng mày", "lông mày", "lông mi",
        # round 14 — creators' abbreviation "srm" (sữa rửa mặt); not "kcn" (kem chống nắng), which
        # is also "khu công nghiệp" in every job and property post
        "srm",
    ],
    "drug": [
        "thuốc kê đơn", "thuốc không kê đơn", "thuốc theo đơn", "kháng sinh", "corticoid",
        "viên nén", "viên nén bao phim", "siro ho", "thuốc ho", "thuốc nhỏ mắt", "thuốc giảm đau",
        "thuốc hạ sốt", "thuốc cảm", "thuốc dạ dày", "thuốc đau dạ dày", "thuốc bổ", "thuốc bôi",
        "thuốc mỡ", "thuốc xịt", "thuốc giảm cân", "thuốc tăng cân", "thuốc ngủ",
        "thuốc nam", "thuốc bắc", "thuốc đông y", "thuốc gia truyền", "bài thuốc", "dược phẩm",
        "hoạt chất", "chống chỉ định", "liều dùng", "paracetamol", "ibuprofen",
        "amoxicillin", "omeprazole", "loratadine", "cetirizine", "berberin",
        # round 41 — medicines named by what they do or how they are taken ("thuốc cường dương
        # Sildenafil", "thuốc kháng virus xách tay", "bút tiêm giảm cân"), and the drug ad's own
        # mandatory sentence; prescription drugs come from ``_rx_drugs`` as well
        "thuốc cường dương", "thuốc phá thai", "thuốc tránh thai", "thuốc kháng virus",
        "thuốc kháng viêm", "thuốc chống viêm", "thuốc trị mụn", "thuốc cúm", "thuốc tiểu đường",
        "thuốc dùng ngoài", "thuốc xách tay", "viên giảm đau", "bút tiêm",
        "đọc kỹ hướng dẫn sử dụng trước khi dùng",
    ],
    "medical_device": [
        "thiết bị y tế", "trang thiết bị y tế", "máy đo huyết áp", "máy đo đường huyết",
        "nhiệt kế", "máy xông mũi họng", "máy khí dung", "máy tạo oxy", "máy trợ thính",
        "que thử", "que thử thai", "khẩu trang y tế", "kính áp tròng", "lens", "nẹp cột sống",
        "đai lưng cột sống", "máy điện xung", "máy massage trị liệu", "băng gạc",
        # round 41 — devices sold with health claims: therapy machines and pads, magnetic bedding
        # and bracelets, braces and belts, home test kits ("Máy xung điện … chữa thoát vị", "Đệm từ
        # trường … chữa mất ngủ", "Vòng điều hòa huyết áp"). Not water ionisers, massage chairs or
        # water flossers, household appliances however they are advertised: with them (and a breast
        # pump, saline) the development halves gained 38 device statements and 41 false ones.
        "máy xung điện", "thiết bị xung điện", "máy điện trường", "máy trị liệu", "thiết bị trị liệu",
        "máy vật lý trị liệu", "máy châm cứu", "bút châm cứu", "đai lưng", "đai cột sống", "đai nóng",
        "đai quấn nóng", "đai hồng ngoại", "đèn hồng ngoại", "đệm từ trường", "nệm từ trường",
        "vòng từ trường", "vòng điều hòa huyết áp", "vòng tay điều hòa huyết áp", "vòng ion",
        "máy đo", "máy đo oxy", "máy đo nồng độ oxy", "đồng hồ đo", "bộ xét nghiệm", "kit xét nghiệm",
        "que test", "bộ test nhanh", "máy xét nghiệm", "máy hút mũi", "miếng dán hạ sốt",
        "miếng dán hạ huyết áp", "xe lăn",
    ],
    "infant_formula": [
        "sữa công thức", "sữa bột", "sữa cho bé", "sữa cho trẻ", "sữa trẻ em", "sữa mát",
        "sữa tăng cân cho bé", "sữa non", "sữa tăng chiều cao", "sữa dinh dưỡng cho trẻ",
        "bột ăn dặm", "infant formula", "bình sữa", "núm ti", "bình bú",
    ],
    "tobacco": [
        "thuốc lá", "thuốc lá điện tử", "thuốc lá nung nóng", "vape", "pod vape", "pod system",
        "tinh dầu vape", "heets", "iqos", "terea", "relx", "shisha", "xì gà", "cigar", "cigarette",
        # round 41 — a bare "pod" (not coffee or laundry pods: EXCLUDE), heated tobacco named
        # generically, nicotine itself
        "pod", "pods", "đầu pod", "máy nung", "que nung", "thiết bị nung nóng", "máy hút thuốc",
        "thuốc lá làm nóng", "nicotine", "snus", "túi nicotine", "vapelife",
    ],
    "alcohol": [
        "rượu", "rượu vang", "rượu mạnh", "bia", "beer", "wine", "whisky", "whiskey", "vodka",
        "soju", "sake", "cognac", "brandy", "tequila", "champagne", "sâm panh", "cocktail",
    ],
    "finance": [
        "đầu tư", "lãi suất", "lợi nhuận", "tiền ảo", "tiền điện tử", "crypto", "coin", "forex",
        "sàn giao dịch", "chứng khoán", "cổ phiếu", "vay tiền", "app vay", "vay nhanh",
        "thẻ tín dụng", "mở tài khoản", "tiết kiệm online", "bảo hiểm", "trái phiếu", "quỹ đầu tư",
        # round 41 — wallets, loans, trading and tokens as finance ads and scam warnings word them
        # ("ví điện tử", "duyệt vay", "sàn forex", "lãi đều 0,9%/ngày", "USDT")
        "ví điện tử", "vay online", "khoản vay", "duyệt vay", "giải ngân", "hạn mức", "vay tiêu dùng",
        "sàn forex", "sàn coin", "sàn crypto", "sàn ảo", "sàn đầu tư", "token", "usdt",
        "bitcoin", "btc", "tiền mã hóa", "trading", "bot giao dịch", "giao dịch tự động", "đọc lệnh",
        "ủy thác", "quỹ ủy thác", "hoàn vốn", "bảo toàn vốn", "thu nhập thụ động", "lãi đều",
        "lãi mỗi ngày", "lãi hàng tháng", "lãi theo ngày",
    ],
    "food": [
        "thực phẩm", "đồ ăn", "món ăn", "đồ uống", "nước uống", "trà sữa", "cà phê", "bánh",
        "kẹo", "snack", "nước ép", "nước mắm", "gia vị", "sữa chua", "đặc sản", "ăn vặt",
        "ngũ cốc", "yến mạch", "mì", "bún", "phở", "trà túi lọc", "mật ong",
        # round 41 — teas, milks for adults, bird's nest, oils and dishes as food ads name them
        # ("Trà thảo mộc hạ áp", "Sữa hạt tiểu đường", "hũ yến 70ml", "dầu dừa ép lạnh")
        "trà thảo mộc", "trà thảo dược", "trà giảm cân", "trà xanh", "trà thanh nhiệt", "sữa hạt",
        "sữa tươi", "sữa tiểu đường", "sữa canxi", "sữa bột người lớn", "sữa dinh dưỡng",
        "sữa cho người", "sữa xương khớp", "thức uống", "nước giải khát", "nước tăng lực",
        "yến sào", "hũ yến", "nước yến", "yến chưng", "dầu dừa", "dầu ăn", "dầu ô liu", "hạt điều",
        "hạt dinh dưỡng", "bột sắn dây", "socola", "chocolate", "hải sản", "trái cây", "hoa quả",
        "thịt bò", "thịt heo", "thịt lợn", "xúc xích", "pate", "bánh mì", "nhà hàng", "quán ăn",
        "thực đơn", "cơm trưa", "gạo", "thạch rau câu", "thạch rau củ", "nước cốt", "đồ ăn vặt",
        # round 41 — any tea by name ("Trà dây Tây Bắc", "Trà Hoa Cúc X"; typed bare "tra" is also
        # "tra cứu" / "trả", so it counts only as written: ``_UNMARKED_NOT_CUE``), coffee, milks
        # for mothers-to-be and meal replacements, vinegar, dried meat, fish sauce
        "trà", "cafe", "coffee", "sữa bầu", "sữa cho mẹ bầu", "sữa thay thế bữa ăn", "giấm táo",
        "khô gà", "khô bò", "mắm", "bột cần tây",
    ],
}
# folded collisions cancelled per category ("thuốc lá" is tobacco, not a drug; "nám"/"mụn"
# in non-cosmetic senses are rare enough; "bia" inside "bia mộ" is not beer)
EXCLUDE: dict[str, list[str]] = {
    "drug": ["không phải là thuốc", "không phải thuốc", "thay thế thuốc", "thuốc chữa bệnh",
             "bỏ thuốc tây", "ngưng thuốc tây", "thuốc lá", "thuốc lào",
             # a cosmetic's claim about corticoid-damaged skin or being corticoid-free
             "nhiễm corticoid", "không chứa corticoid", "không có corticoid", "không corticoid",
             # round 7 — the seller is a (traditional) pharmacy, the product may be a shampoo
             "tiệm thuốc nam", "tiệm thuốc bắc", "nhà thuốc nam", "nhà thuốc bắc",
             "nhà thuốc đông y", "tiệm thuốc đông y",
             # round 12 — herbs counted as ingredients ("36 vị thuốc đông y"), not a drug; a
             # cosmetic repairing skin damaged by corticoid-mixed creams
             "vị thuốc đông y", "vị thuốc nam", "vị thuốc bắc", "vị thuốc quý", "kem trộn corticoid",
             "trộn corticoid",
             # round 41 — a healer ("thầy thuốc Đông y 3 đời"), not a medicine
             "thầy thuốc đông y", "thầy thuốc nam", "thầy thuốc bắc"],
    "infant_formula": ["chàm sữa",
                       # round 12 — colostrum as a cosmetic's ingredient ("Kem body Sữa Non X")
                       "kem sữa non", "body sữa non", "tắm sữa non", "dưỡng thể sữa non",
                       "mặt nạ sữa non", "xà phòng sữa non", "dưỡng da sữa non"],  # milk eczema ("chàm sữa cho bé"), not milk
    # round 12 — herbal medicine of forest leaves ("thuốc lá rừng", "thuốc lá cây"), not tobacco
    "tobacco": ["thuốc lá rừng", "thuốc lá cây", "thuốc lá thuốc",
                # round 41 — pods that are no vape
                "pod cà phê", "cà phê pod", "coffee pod", "pod coffee", "pod giặt", "viên giặt pod",
                "nespresso pod", "nicotine có hại", "không chứa nicotine", "không có nicotine",
                "cai nicotine"],
    "alcohol": ["bia mộ", "rượu bia thì không lái xe", "không uống rượu", "bia không cồn"],
    "cosmetics": ["kem que", "kem tươi", "kem ốc quế", "kem dừa", "kem bơ", "quán kem", "ăn kem",
                  # round 7 — "Nam" of places and gender folds onto "nám" (melasma)
                  "việt nam", "miền nam", "nam bộ", "nam định", "hà nam", "quảng nam",
                  "nam giới", "phái nam", "nam nữ", "nam và nữ",
                  # round 8 — words that fold onto "da" (skin) typed without diacritics: the
                  # stomach ("dạ dày"), the womb, a general hospital, "đa dạng", "đa năng", Đà Nẵng
                  "dạ dày", "dạ con", "đa khoa", "đa dạng", "đa năng", "đà nẵng", "đa số",
                  # round 41 — "ship hoa toc" (hỏa tốc) and teencode "mun" (muốn) typed bare
                  "hỏa tốc", "ai muốn", "muốn thử", "muốn mua", "nếu muốn", "ai mún"],
    "food": ["thực phẩm chức năng", "thực phẩm bảo vệ sức khỏe", "thực phẩm bảo vệ sức khoẻ"],
    # round 41 — a cosmetic's notification slip ("mỹ phẩm có phiếu công bố") typed bare is no share
    "finance": ["phiếu công bố"],
    # round 38 — ginseng or reishi as a cosmetic's ingredient ("Kem Sâm Ngọc Lan – vua trị mụn",
    # "serum hồng sâm"), not a supplement
    "health_supplement": [f"{head} {herb}" for head in ("kem", "kem dưỡng", "kem dưỡng da", "kem dưỡng trắng",
                                                        "serum", "mặt nạ", "sữa rửa mặt", "dầu gội",
                                                        "xà phòng", "sữa tắm", "toner")
                          for herb in ("sâm", "nhân sâm", "hồng sâm", "linh chi")],
}


# compiled once at import (``T.compile_phrases`` per call re-hashes the whole list)
_LEXICON_RX = {cat: T.compile_phrases(terms) for cat, terms in LEXICON.items()}
_EXCLUDE_RX = {cat: T.compile_phrases(terms) for cat, terms in EXCLUDE.items()}


# cues that, typed without diacritics in a text written without them, are mostly other words
_UNMARKED_NOT_CUE = {"food": {"tra"}}


def _hits(post: PostView, cat: str) -> list[Evidence]:
    hits = scan(post, FIELDS, _LEXICON_RX[cat])
    if hits and cat in _UNMARKED_NOT_CUE:
        hits = _as_written(hits, _UNMARKED_NOT_CUE[cat], dict(field_texts(post, FIELDS)))
    if not hits or cat not in EXCLUDE:
        return hits
    return not_overlapping(hits, scan(post, FIELDS, _EXCLUDE_RX[cat]))


@per_object_cache()
def _categories(post: PostView) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
    """The post's product categories with their evidence (cached per post object)."""
    return _infer_categories(post)


def _infer_categories(post: PostView) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
    if post.product_categories:
        declared = [c for c in PRIORITY if c in post.product_categories]
        declared += [c for c in post.product_categories if c not in declared]
        return tuple((c, (flag_evidence(f"product_categories:{c}"),)) for c in declared)
    found = {cat: _hits(post, cat) for cat in PRIORITY if cat != "other"}
    out = []
    for cat, hits in found.items():
        if cat == "drug":
            hits = _joined(hits, prescription_drug_hits(post))
        if cat == "health_supplement":
            # round 41 — the product forms the supplement rule reads ("Viên Tim Mạch An Tâm",
            # "Kẽm Pháp X", "siro Bé Ngoan", "uống viên nang đông trùng"); "tinh chất trị mụn"
            # stays a cosmetic's word
            hits = _joined(hits, not_overlapping(supplement_signals(post)["forms"], found["cosmetics"]))
        if hits and cat == "infant_formula" and _for_adults(post):
            hits = []
        if hits and cat in ("drug", "medical_device"):
            # round 14 — a medicine named only as the yardstick or what the product replaces
            # ("hiệu quả hơn cả thuốc bôi kê đơn", "không cần uống thuốc khớp") is not advertised;
            # round 41 — nor a device ("không cần đai quấn nóng")
            texts = dict(field_texts(post, FIELDS))
            hits = [h for h in hits if not only_yardstick(texts, h)]
        if hits:
            out.append((cat, tuple(hits)))
    return _named_by_the_product(out, post)


# round 41 — words the supplement and cosmetics lexicons share with other products' ads: a milk's
# nutrients and benefits ("Sữa bột X tăng cân, bổ sung canxi"), a liquor's herbs and claims ("rượu
# sâm bổ thận"), and the one-syllable cues most often other words typed without diacritics
# ("whisky 12 nam" = năm, "da" = đã). When they are all a category has and the post names a
# product of another category, they describe that product.
_MILK_WORDS = {T.fold(w) for w in ("tăng cân", "tăng chiều cao", "canxi", "vitamin", "dha", "tăng đề kháng")}
_LIQUOR_WORDS = {T.fold(w) for w in ("bổ thận", "sâm", "nhân sâm", "hồng sâm", "đông trùng hạ thảo",
                                     "linh chi", "ba kích")}
_BARE_COSMETIC = {"nam", "da"}


def _named_by_the_product(found: list, post: PostView) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
    cats = dict(found)

    def only(cat: str, words: set[str]) -> bool:
        return cat in cats and all(T.fold(h.quote).lower() in words for h in cats[cat])

    if "infant_formula" in cats and only("health_supplement", _MILK_WORDS):
        del cats["health_supplement"]
    if "alcohol" in cats and only("health_supplement", _LIQUOR_WORDS):
        del cats["health_supplement"]
    if (len(cats) > 1 and "cosmetics" in cats
            and not _as_written(list(cats["cosmetics"]), _BARE_COSMETIC, dict(field_texts(post, FIELDS)))):
        del cats["cosmetics"]
    return tuple(cats.items())


# round 41 — a milk sold to adults ("Sữa non tiểu đường X", "sữa bột cho người trên 50 tuổi",
# "Sữa non Cốt Vàng này nè các cô các chú") is no milk for young children: its readers are adults
# and it names no child
_ADULT_READERS = T.compile_phrases([
    "người cao tuổi", "người già", "người lớn", "người lớn tuổi", "người trung niên",
    "tiểu đường", "đái tháo đường", "đường huyết", "xương khớp", "thoái hóa khớp", "loãng xương",
    "mỡ máu", "huyết áp", "người bệnh", "sau ốm", "mất ngủ", "các cô các chú", "cô chú", "các bác",
    "ông bà", "trên 50 tuổi", "trên 40 tuổi", "tuổi trung niên", "người gầy", "người ốm"])
_CHILD = T.compile_phrases([
    "bé", "bé yêu", "em bé", "các bé", "trẻ", "trẻ em", "trẻ nhỏ", "cho con", "con mình", "con nhà",
    "con em", "bé nhà", "sơ sinh", "ăn dặm", "tháng tuổi", "bình sữa", "núm ti", "mẹ bỉm", "các mẹ",
    "mẹ nào", "kids", "kid", "baby", "trẻ sơ sinh", "học sinh", "tăng chiều cao"])


def _for_adults(post: PostView) -> bool:
    return bool(scan(post, FIELDS, _ADULT_READERS)) and not scan(post, FIELDS, _CHILD)


def _joined(hits: list[Evidence], more: list[Evidence]) -> list[Evidence]:
    """``hits`` and those of ``more`` that overlap none of them, in text order."""
    return sorted(hits + not_overlapping(more, hits), key=lambda h: (h.field, h.start))


def post_categories(post) -> dict[str, list[Evidence]]:
    """``{category: evidence}`` in priority order (declared, else inferred from text)."""
    if not isinstance(post, PostView):
        return {}
    return {c: list(ev) for c, ev in _categories(post)}


def is_declared(post) -> bool:
    return isinstance(post, PostView) and bool(post.product_categories)


if set(PRIORITY) != set(PRODUCT_CATEGORIES):  # pragma: no cover - guards model changes
    raise RuntimeError("_category.PRIORITY must list every model.PRODUCT_CATEGORIES entry")


# --------------------------------------------------------------------------- supplement promotion
# Text-only inference that a post PROMOTES a health supplement (used by
# ``missing_supplement_disclaimer`` when no product is declared). A supplement product cue, kept
# only when it is not part of a cosmetic/food/drink/drug product name ("serum vitamin C",
# "nước ép detox", "mặt nạ collagen"), plus a health-benefit claim or commercial intent; or an
# intake pattern ("uống X 2 tháng", "dùng X mỗi ngày") with a health claim. Reports, warnings,
# questions and personal medical use are not promotion unless commercial intent is present.

# product forms / category names that are (almost) only supplements
SUPPLEMENT_FORMS = [
    "thực phẩm chức năng", "tpcn", "thực phẩm bảo vệ sức khỏe", "thực phẩm bảo vệ sức khoẻ",
    "tpbvsk", "thực phẩm bổ sung", "viên uống", "viên nang", "viên nang mềm", "viên nang cứng",
    "viên hoàn", "viên sủi", "viên nhai", "viên ngậm", "men vi sinh", "men tiêu hóa",
    "men tiêu hoá", "đông trùng hạ thảo", "tảo xoắn", "tảo spirulina", "spirulina",
    # round 37 — brown algae and algae tablets ("Viên tảo nâu Fuco X – ngăn di căn")
    "tảo nâu", "viên tảo",
    "hồng sâm", "nhân sâm", "hắc sâm", "sâm hàn quốc", "sâm ngọc linh", "sâm tố nữ", "cao sâm",
    "linh chi", "nấm linh chi", "nấm thượng hoàng", "giảo cổ lam", "sữa ong chúa",
    "tinh dầu thông đỏ", "glucosamine", "sụn vi cá mập", "fucoidan", "nano curcumin",
    "omega 3", "dầu cá", "vitamin tổng hợp", "multivitamin", "cốm vi sinh", "cốm vi chất",
    "cốm ăn ngon", "cốm tăng chiều cao", "cốm lợi sữa", "cốm bổ sung", "siro ăn ngon", "siro bổ",
    "viên giảm cân",
    # round 14 — hangover and liver-detox pills ("viên giải rượu X")
    "viên giải rượu", "viên giải độc gan", "viên thải độc gan",
    "viên tăng cân", "viên nở ngực", "viên xương khớp", "viên khớp", "viên bổ", "viên mát gan",
    "viên trắng da", "tpcn giảm cân", "supplement", "supplements",
    # sleep and fertility pills named by their benefit ("viên ngủ ngon X", "viên bổ trứng")
    "viên ngủ ngon", "viên ngủ", "viên an thần", "viên mất ngủ", "viên bổ trứng",
    "viên bổ tinh trùng", "viên tan mỡ", "viên giảm mỡ",
    # round 12 — herbal and vegetable pills ("viên thảo mộc giảm cân X", "hộp viên rau củ")
    "viên thảo mộc", "viên thảo dược", "viên rau củ",
    # hydrolysed collagen, "viên <condition/nutrient>" product names, immunity syrups
    "collagen thủy phân", "collagen thuỷ phân", "collagen peptide", "collagen dạng nước",
    "viên tiểu đường", "viên dạ dày", "viên tiền đình", "viên bổ gan", "viên bổ mắt",
    "viên bổ não", "viên đại tràng", "viên canxi", "viên vitamin", "viên collagen",
    "viên omega", "viên biotin", "viên kẽm", "viên tiểu đêm", "viên mọc tóc", "viên gan",
    "viên tiêu hóa", "viên tiêu hoá", "viên xương", "viên đẹp da", "viên nội tiết",
    # round 15 — pills named by the disease or organ they target ("viên gout X", "Viên huyết áp Y")
    "viên gout", "viên gút", "viên huyết áp", "viên mỡ máu", "viên tim mạch", "viên bổ thận",
    "viên tiền liệt tuyến", "viên tuyến giáp", "viên trĩ", "viên xoang",
    # round 33 — pills named by what they lower ("Viên hạ đường X", "viên hạ mỡ máu")
    "viên hạ đường", "viên hạ đường huyết", "viên hạ mỡ máu", "viên hạ áp", "viên hạ huyết áp",
    "siro tăng đề kháng", "siro tăng sức đề kháng", "siro vitamin",
    # round 13 — syrups named by their benefit ("Siro ăn ngủ ngon X", "siro tăng miễn dịch")
    "siro ăn ngủ ngon", "siro ngủ ngon", "siro tăng miễn dịch", "siro tăng cường miễn dịch",
    "siro miễn dịch", "siro đề kháng", "siro tiêu hóa", "siro tiêu hoá", "siro lợi khuẩn",
    "siro kẽm", "siro canxi", "siro yến",
    # "sản phẩm xương khớp", "sp tiểu đường": a product named by the organ/disease it targets
    "sản phẩm xương khớp", "sản phẩm tiểu đường", "sản phẩm huyết áp", "sản phẩm dạ dày",
    "sản phẩm bổ gan", "sản phẩm mát gan", "sản phẩm bổ thận", "sản phẩm tim mạch",
    "sản phẩm mỡ máu", "sản phẩm gout", "sản phẩm gút", "sản phẩm tiền đình",
    "sản phẩm đại tràng", "sản phẩm bổ não", "sản phẩm tiểu đêm", "sản phẩm tuyến giáp",
    "sp xương khớp", "sp tiểu đường", "sp dạ dày", "sp bổ gan",
    "viên tỏi đen", "viên nghệ", "tinh bột nghệ nano",
    # round 10 — granules named by their benefit ("Cốm cao lớn X"), extracts named by the
    # disease or organ they target ("Tinh chất tiêu gout X")
    "cốm cao lớn", "cốm chiều cao", "cốm tăng cân", "cốm canxi", "cốm tăng đề kháng",
    "cốm đề kháng", "cốm bổ não", "cốm trí não", "cốm tiêu hóa", "cốm tiêu hoá", "cốm lợi khuẩn",
    "cốm kẽm", "cốm ngủ ngon", "cốm tăng sức đề kháng",
    "tinh chất tiêu gout", "tinh chất gout", "tinh chất gút", "tinh chất xương khớp",
    "tinh chất tiểu đường", "tinh chất dạ dày", "tinh chất bổ gan", "tinh chất giải độc gan",
    "tinh chất mát gan", "tinh chất bổ thận", "tinh chất huyết áp", "tinh chất tim mạch",
    "tinh chất tiền đình", "tinh chất mỡ máu", "tinh chất đại tràng", "tinh chất trĩ",
]
# herbal/animal raw materials also sold whole (a root, dried mushroom, cordyceps by the kilo):
# supplement forms only when not sold raw (``RAW_CONTEXT``)
HERB_FORMS = [
    "đông trùng hạ thảo", "hồng sâm", "nhân sâm", "hắc sâm", "sâm hàn quốc", "sâm ngọc linh",
    "sâm tố nữ", "linh chi", "nấm linh chi", "nấm thượng hoàng", "giảo cổ lam",
    # round 17 — herbs sold dried or picked in the forest ("xạ đen nhà tự phơi", "nấm lim gốc
    # rừng … giá 12 triệu/kg")
    "xạ đen", "cà gai leo", "dây thìa canh", "diệp hạ châu", "tam thất", "nấm lim", "nấm lim xanh",
    "lá đu đủ", "đông trùng",
]
RAW_CONTEXT = [
    "nguyên con", "nguyên củ", "mỗi củ", "củ sâm", "sâm tươi", "sâm củ", "tem truy xuất",
    "ngâm uống", "ngâm rượu", "ngâm mật ong", "sấy khô", "sấy lạnh", "thái lát", "tai nấm",
    "nấm tươi", "nấm khô", "/kg", "1kg", "1 kg", "một ký", "1 ký", "1 lạng",
    # round 17 — home-dried or forest-picked herbs ("nhà tự phơi", "hàng rừng tự nhiên", "chính gốc
    # rừng"), graded produce ("thượng hạng")
    "tự phơi", "phơi khô", "phơi sấy", "hàng rừng", "gốc rừng", "rừng tự nhiên", "nấm rừng",
    "hái rừng", "hái trên rừng", "lấy từ rừng", "thượng hạng",
]
# bird's nest is a food (not a supplement) whatever its claims; a slimming candy is a candy
_FOODS = ("yến sào", "tổ yến", "kẹo giảm cân")
# slimming teas: a tea (food) unless it is sold with disease claims (``_DISEASE_FREE``)
TEA_FORMS = ["trà giảm cân", "trà giảm mỡ", "trà giảm béo"]
# ingredients / benefit words that name supplements but also cosmetics, food or fitness
SUPPLEMENT_WEAK = [s for s in SUPPLEMENT if s not in SUPPLEMENT_FORMS and s not in _FOODS
                   and s not in TEA_FORMS] + [
    "sâm", "thảo dược", "thảo mộc", "bài thuốc gia truyền", "tăng size vòng 1", "nở ngực",
    "giảm mỡ", "tiêu mỡ", "đốt mỡ", "chất xơ", "probiotic", "lutein", "glutathione", "gluta",
    "omega", "canxi nano", "biotin", "siro",
    # herbs sold (almost) only as supplement extracts, and pregnancy micronutrients
    "dây thìa canh", "cà gai leo", "xạ đen", "diệp hạ châu", "tam thất", "ngũ vị tử",
    "mầm đậu nành", "sắt hữu cơ", "viên sắt", "bổ sung sắt", "acid folic",
    "axit folic", "chất xơ hòa tan", "chất xơ hoà tan",
    # probiotics (also yoghurt's), curcumin extracts, calcium, herbal extracts
    "lợi khuẩn", "curcumin", "tinh nghệ", "nghệ nano", "canxi hữu cơ", "canxi cá tuyết",
    "vitamin d3", "nattokinase", "ginkgo", "bạch quả", "tinh chất hàu", "cao hàu",
    "nhung hươu", "cao ngựa",
    # round 12 — longevity and mineral pills sold on lives ("viên NMN", "Kẽm Nano Pháp")
    "nmn", "kẽm nano", "kẽm hữu cơ", "kẽm sinh học",
    # fertility supplements ("Bổ trứng X", "bổ tinh trùng")
    "bổ trứng", "bổ tinh trùng", "tăng chất lượng trứng", "tăng chất lượng tinh trùng",
]
# head nouns of other products: a supplement cue right after one of them names that product
# round 17 — food powders and coffees ("bột cần tây giảm mỡ X", "bột tăng cân Y", "cafe Giảm Cân Z")
# and massage oils: product forms of their own, and context that makes a text about them
POWDERS_COFFEES_OILS = [
    "bột cần tây", "bột tăng cân", "bột mầm đậu nành", "bột diếp cá", "bột rau củ", "bột trà xanh",
    "bột yến mạch", "cafe", "coffee", "dầu massage", "dầu xoa bóp",
]
OTHER_PRODUCT_FORMS = [
    # cosmetics
    "serum", "kem", "kem dưỡng", "mặt nạ", "toner", "sữa rửa mặt", "sữa tắm", "sữa dưỡng",
    # round 9 — acne/skin pastes and balms applied to the skin ("Cao mụn Sâm Đỏ")
    "cao mụn", "cao bôi", "cao xoa", "cao bôi da", "cao nám",
    "lotion", "tinh chất", "essence", "ampoule", "dầu gội", "dầu xả", "xịt khoáng", "son",
    "mỹ phẩm", "gel", "sữa dưỡng thể", "body", "tắm trắng", "ủ trắng", "mask", "cream",
    # food / drinks
    "nước ép", "sinh tố", "sữa chua", "sữa chua uống", "trà sữa", "nước", "nước uống",
    "thức uống", "đồ uống", "nước giải khát", "bánh", "bánh quy", "mì", "cà phê", "nước yến",
    "giấm", "mật ong", "cháo", "súp", "bột ăn dặm", "sữa hạt", "sữa tươi", "sữa đậu nành", "ngũ cốc", "bột ngũ cốc",
    "nước tăng lực", "rượu", "bia", "kẹo dẻo", "kẹo", "trà", "thạch", "sữa", "sữa non",
    "sữa mát", "sữa bột", "nước yến", "yến",
    # injected drugs ("bút tiêm giảm cân X")
    "bút tiêm", "thuốc tiêm", "mũi tiêm",
    # medical devices ("máy đo huyết áp Omega X": the cue is part of the device's name)
    "máy đo", "máy đo huyết áp", "máy đo đường huyết", "nhiệt kế",
    # herbs used outside the body (foot baths, steam)
    "xông hơi", "xông", "ngâm chân", "ngâm tắm", "nước tắm", "lá tắm",
    # round 12 — sprays used in the nose/throat ("Xịt xoang thảo dược")
    "xịt xoang", "xịt mũi", "xịt họng",
    # round 12 — patches stuck on the skin ("dán cao hồng sâm này 7 ngày")
    "dán cao", "cao dán", "miếng dán",
    # round 17 — food powders, coffees and massage oils (``POWDERS_COFFEES_OILS``), spas ("Spa Thảo
    # Mộc X") and the drugs of traditional medicine ("thuốc bắc Bổ Thận Hoàn")
    *POWDERS_COFFEES_OILS, "dầu mát xa", "dầu gió", "dầu nóng", "spa", "thuốc bắc", "thuốc nam",
    "thuốc đông y",
]
# words that make a text about another kind of product (intake claims then are not supplements)
OTHER_PRODUCT_CONTEXT = [
    "thuốc kê đơn", "kháng sinh", "thuốc nhỏ mắt", "máy", "thiết bị", "xịt mũi", "thuốc bôi", "kem bôi",
    "thuốc mỡ", "corticoid", "nước ép", "sinh tố", "sữa chua", "trà sữa",
    "nước ion", "nước kiềm", "ion kiềm", "nước uống đóng chai", "nước yến", "giấm táo", "mật ong", "cà phê",
    "ngũ cốc", "bột ngũ cốc", "rượu", "rượu thuốc", "bia", "trà gừng", "nước lọc", "nước ấm",
    "lít nước", "ly nước", "cốc nước", "serum", "kem dưỡng", "mặt nạ", "sữa rửa mặt",
    "sữa công thức", "sữa bột", "vape", "thuốc lá", "cháo", "bột ăn dặm", "khóa học",
    "khoá học", "tập gym", "phòng gym", "yoga", "thực đơn", "nồi", "spa", "tập luyện",
    # children's milk (food, not a health supplement), external herbal use, drugs and
    # traditional remedies (thuốc cổ truyền is a drug)
    "sữa cho bé", "sữa cho trẻ", "sữa trẻ em", "sữa phát triển", "sữa tăng chiều cao",
    "sữa mát", "sữa dinh dưỡng", "ngâm chân", "xông hơi", "ngâm tắm", "xông mặt",
    "thuốc trị", "thuốc chữa", "thuốc đặc trị", "kê đơn", "thuốc nam", "thuốc bắc",
    "thuốc đông y", "thuốc cổ truyền", "kẹo", "kẹo rau củ", "kẹo dẻo",
    # drugs named by use or taken by injection (weight-loss drugs, painkillers, ED drugs)
    # (prescription drugs come from banned_product's drug variant, which knows "không cần
    # thuốc ngủ" names what is replaced)
    "thuốc giảm đau", "viên giảm đau", "thuốc hạ sốt", "thuốc cường dương", "viagra", "cialis",
    "thuốc ho", "siro ho",
    "tiêm", "bút tiêm", "mũi tiêm", "chích", "paracetamol", "ibuprofen",
    # traditional remedies (drugs of traditional medicine) and clinics
    "gia truyền", "bà lang", "ông lang", "cụ lang", "thầy lang", "lương y", "đông y",
    "phòng khám", "bài thuốc", "cao dán", "miếng dán", "cao đặc",
    # beauty-clinic services
    "thẩm mỹ viện", "laser", "công nghệ laser", "phun xăm", "tiêm filler",
    "viện thẩm mỹ", "căng chỉ", "cấy chỉ", "đặt lịch", "liệu trình spa",
    # foods and drinks: bird's nest, black garlic, teas, jellies, electrolyte/ion drinks
    "yến sào", "tổ yến", "tỏi đen", "trà", "trà thảo mộc", "thạch", "thạch rau củ",
    "nước uống", "điện giải", "nước điện giải", "sữa hạt",
    # cosmetics
    "kem chống nắng", "kem", "mỹ phẩm", "skincare", "#skincare", "son", "dầu gội", "tẩy trang",
    "toner", "nước hoa hồng", "lotion", "sữa tắm", "sữa rửa mặt", "tẩy tế bào chết", "xịt khoáng",
    "dầu xả", "mascara", "kem nền", "dung dịch vệ sinh", "nước súc miệng", "kem đánh răng",
    "trắng răng", "gối tinh dầu", "gối thảo dược", "gối ngủ", "nệm", "đai lưng", "vòng tay",
    "túi chườm", "hạt dinh dưỡng", "granola", "snack", "ăn vặt", "bánh",
    # round 7 — a drink declared as a soft drink, and seasoning ("muối hồng", "nước mắm")
    "nước giải khát", "muối", "nước mắm", "gia vị",
    # round 9 — a milk drink named as the product ("Sữa này …", "uống sữa X mỗi ngày"): a food,
    # and a cosmetic treatment set ("bộ đặc trị nám X 3 tháng")
    "sữa này", "sữa non này", "loại sữa", "hộp sữa", "lon sữa", "ly sữa", "uống sữa",
    "bộ đặc trị", "trị nám", "đặc trị nám", "tàn nhang", "bộ trị mụn", "cao mụn",
    # round 10 — a healer's family lineage or title ("nhà tôi ba đời chữa xương khớp", "thần y"):
    # a traditional remedy (a drug of traditional medicine), not a supplement
    "đời chữa", "đời bốc thuốc", "đời làm thuốc", "đời làm nghề thuốc", "đời chuyên chữa",
    "đời nay chữa", "bốc thuốc", "thần y", "danh y", "lang y",
    # round 12 — classical drugs of traditional medicine and herbal pastes ("An cung ngưu hoàng
    # hoàn", "6 lọ cao lá")
    "an cung ngưu hoàng", "an cung", "cao lá", "cao thuốc", "xịt xoang", "xịt họng",
    # round 14 — herbal pastes named by the organ or disease they target ("uống cao xương khớp X
    # 1 tháng"): traditional remedies, not supplements (pastes named by a herb — "cao sâm", "cao
    # linh chi", "cao dây thìa canh" — stay supplement cues)
    "cao xương khớp", "cao khớp", "cao dạ dày", "cao bổ gan", "cao gan", "cao giải độc gan",
    "cao bổ thận", "cao tiểu đường", "cao trĩ", "cao gout", "cao gút", "cao đại tràng",
    "cao tiền đình",
    # round 17 — infusions ("liệu pháp truyền NMN", "sau 3 lần truyền"): a medical service; coffees
    # and herbal teas typed without diacritics ("uong tra day thia canh")
    "liệu pháp truyền", "truyền tĩnh mạch", "truyền dịch", "lần truyền", "buổi truyền",
    *POWDERS_COFFEES_OILS, "bột rau", "sữa non tăng chiều cao", "trà dây thìa canh", "trà xạ đen",
    "trà lá ổi", "trà lá sen", "trà lá vối", "trà mướp đắng", "trà khổ qua", "trà atiso", "trà đào",
    "trà cà gai leo", "trà giảo cổ lam",
]
# animal products: pet/veterinary supplements are not human health supplements (no sentence)
PET_CONTEXT = [
    "thú cưng", "chó mèo", "cho chó", "cho mèo", "cho cún", "cho boss", "các sen", "sen ơi",
    "pate", "parvo", "thú y", "cho pet", "mèo cưng", "chó cưng", "bé mèo", "bé cún",
    "hạt cho mèo", "hạt cho chó", "cho gà", "cho heo", "cho lợn", "vật nuôi", "gia súc",
    "gia cầm", "cá cảnh",
]
# "cai rượu" / "bỏ thuốc lá" name what a product treats, not another product
_CONTEXT_EXCLUDE = ["cai rượu", "bỏ rượu", "nghiện rượu", "cai thuốc lá", "bỏ thuốc lá",
                    # round 18 — who it is for: "phục hồi lá phổi cho người hút thuốc lá"
                    "người hút thuốc", "người nghiện thuốc", "người hay hút thuốc",
                    "sữa ong chúa", "không cần tiêm", "khỏi tiêm", "thay vì tiêm",
                    "không phải tiêm", "bớt tiêm", "giảm tiêm", "tiêm insulin",
                    # directions for a sachet/pill ("pha 1 gói với nước ấm"), not a drink
                    "với nước ấm", "với nước lọc", "vào nước ấm", "vào ly nước", "vào cốc nước",
                    "với ly nước", "với cốc nước", "với 1 ly nước", "với một ly nước",
                    # round 14 — what a hangover/liver pill is for ("viên giải rượu", "viêm
                    # gan do rượu bia"), not an alcoholic drink sold
                    "giải rượu", "say rượu", "do rượu", "do rượu bia", "do bia rượu",
                    "do uống rượu", "uống rượu bia", "nhậu rượu bia",
                    # round 16 — drinking as such ("dùng được cho người uống nhiều bia rượu"):
                    # the pair names the habit, never one drink sold
                    "rượu bia", "bia rượu", "rượu, bia", "bia, rượu"]
# one-syllable context words that are other words when written without diacritics
# ("noi" = nói, "kem" = kém, "chao" = chào, "son" = sơn/sơn, "keo" = keo/kéo, "may" = may)
_AMBIGUOUS_UNMARKED = {"noi", "kem", "chao", "son", "keo", "may", "tra", "sua", "thach", "muoi",
                       "yen", "tiem", "chich", "thuoc"}
# round 27 — a product form that is another word without diacritics: "giam" is far more often
# "giảm" than "giấm" (vinegar) ("uống thay bữa sáng là giảm mỡ bụng … thực phẩm bảo vệ sức khỏe")
_AMBIGUOUS_UNMARKED_FORMS = {"giam"}


def _as_written(hits: list[Evidence], ambiguous: set[str], texts: dict[str, str]) -> list[Evidence]:
    """``hits`` without those typed without diacritics that read as another word (``ambiguous``),
    unless their text is written with diacritics (then the bare form is meant as typed)."""
    return [h for h in hits if T.is_marked(h.quote) or h.quote.lower() not in ambiguous
            or T.diacritic_rich(texts.get(h.field, ""))]
# round 13 — drugs no longer needed, readings back to normal ("không phải dùng thuốc nữa", "ko can
# thuoc tay", "chỉ số đã về bình thường", "không phải dùng kháng sinh"): health claims here, and
# strong claims for missing_supplement_disclaimer
NO_MORE_TREATMENT = [
    "không phải dùng thuốc", "không cần dùng thuốc", "không cần thuốc", "không cần thuốc tây",
    "không phải dùng kháng sinh", "không cần kháng sinh", "về bình thường", "trở về bình thường",
]
HEALTH_CLAIM = [
    "giúp", "hỗ trợ", "chữa", "chữa khỏi", "trị", "điều trị", "đặc trị", "khỏi", "khỏi hẳn",
    "khỏi bệnh", "dứt điểm", "lành", "lành hẳn", "đánh tan", "tiêu diệt", "đẩy lùi",
    "ngăn ngừa", "phòng ngừa", "ngừa", "chống", "cải thiện", "tái tạo", "phục hồi", "hồi phục",
    "tăng cường", "đề kháng", "miễn dịch", "bổ sung", "thải độc", "giải độc", "đốt mỡ",
    "giảm mỡ", "tiêu mỡ", "giảm cân", "tăng cân", "giảm béo", "trắng da", "trắng bật tone",
    "trắng bật tông", "đẹp da", "trẻ hóa", "trẻ hoá", "thay thế", "thay bữa", "ăn thay",
    "uống thay", "không cần uống thuốc", "bỏ thuốc", "bỏ luôn thuốc", "hết đau", "hết bệnh",
    "đỡ hẳn", "ung thư", "tiểu đường", "đường huyết", "huyết áp", "gout", "gút", "xương khớp",
    "sụn khớp", "thoái hóa", "thoái hoá", "dạ dày", "trào ngược", "gan", "thận", "tim mạch",
    "mỡ máu", "tiền đình", "mất ngủ", "sinh lý", "nội tiết", "biếng ăn", "chậm lớn",
    "tăng động", "tự kỷ", "tiền liệt tuyến", "tiểu đêm", "đau lưng", "thần kinh tọa",
    "thần kinh toạ", "đau nhức", "tê bì", "cận thị", "sáng mắt", "bổ mắt", "trí não",
    "trí nhớ", "cảm cúm", "virus", "covid", "hóa trị", "hoá trị", "vòng 1", "mỡ bụng",
    "mỡ nội tạng", "béo phì", "sức khỏe", "sức khoẻ", "sức đề kháng", "cao lớn",
    "chiều cao", "thải độc gan", "mát gan", "bổ gan", "bổ thận", "bổ não", "nở ngực",
    "cai rượu", "cai nghiện", "thoát vị", "đĩa đệm", "hiệu quả", "cam kết", "tăng size",
    "xuống cân", "giảm size", "ăn ngon", "ngủ ngon", "táo bón", "tiêu hóa", "tiêu hoá",
    "đường ruột", "thiếu máu", "loãng xương", "mãn kinh", "bà bầu", "mẹ bầu", "thai nhi",
    "thai kỳ", "thai kì", "mẹ sau sinh", "đi lại", "khỏe hẳn", "khoẻ hẳn",
    "khỏe ra", "khoẻ ra", "đỡ hẳn", "bớt đau", "giảm hẳn", "hết hẳn", "hết sạch", "khỏe mạnh", "khoẻ mạnh", "sung mãn",
    # stopping medication, respiratory/hair/skin/tumour conditions
    "ngưng thuốc", "ngưng hẳn thuốc", "ngừng thuốc", "ngừng hẳn thuốc", "bỏ hẳn thuốc",
    "hết ho", "viêm phế quản", "viêm phổi", "viêm họng", "viêm xoang", "u xơ", "u nang",
    "mọc tóc", "rụng tóc", "hói đầu", "người hói", "vi khuẩn hp", "da căng", "căng bóng", "căng mọng",
    "chống lão hóa", "chống lão hoá", "lão hóa", "lão hoá",
    "trẻ ra", "trẻ lại", "cúm", "suy dinh dưỡng", "còi xương", "axit uric", "acid uric",
    "men gan", "gan nhiễm mỡ", "u bướu", "khối u", "đề kháng kém",
    # fertility
    "hiếm muộn", "vô sinh", "có bầu", "thụ thai", "đậu thai", "buồng trứng",
    # round 9 — a product said to replace insulin, drugs or surgery
    "không phải tiêm insulin", "không cần tiêm insulin", "bỏ tiêm insulin", "không phải uống thuốc",
    "không cần mổ", "không phải mổ", "khỏi phải mổ", "tránh được mổ", "teo nhỏ", "biến mất",
    # round 12 — stress-hormone pitches ("dấu hiệu cortisol cao, chỉ cần uống hai viên")
    "cortisol",
    *NO_MORE_TREATMENT,
]
# promotional tone (no link/CTA needed): sales or boasting words
PROMO_TONE = [
    "mua", "đặt", "ib", "inbox", "nhắn", "liên hệ", "tư vấn", "ship", "giao hàng", "chính hãng",
    "nhập khẩu", "hàng", "phân phối", "độc quyền", "duy nhất", "số 1", "hàng đầu", "100%",
    "cam kết", "hiệu quả", "tuyệt đối", "thần kỳ", "cấp tốc", "an toàn", "thiên nhiên",
    "hợp tác", "quảng cáo", "#quangcao", "tài trợ", "giới thiệu", "khuyên dùng", "tin dùng",
    "tin em", "cam đoan", "dùng thử", "liệu trình", "nhé", "nha", "giá", "sale", "ưu đãi", "tặng",
    "top 1", "top đầu", "nhiều nhất", "tốt nhất", "bán chạy",
]
# reports, warnings, questions, refusals, personal prescribed use: not promotion by themselves
# (shared by missing_supplement_disclaimer and banned_product)
NOT_PROMOTION = [
    "cảnh báo", "xử phạt", "bị phạt", "phạt tiền", "khởi tố", "triệu tập", "xin lỗi",
    "thu hồi", "gỡ bỏ", "sai sự thật", "đề nghị xử lý", "xử lý nghiêm", "giả mạo", "lừa đảo",
    "theo báo chí", "bản tin", "quy định", "phải ghi rõ", "không nhận quảng cáo",
    "người tiêu dùng không nên", "không nên mua", "cục an toàn thực phẩm", "cục attp",
    "có ai dùng", "ai dùng rồi", "có đáng tin không", "có tốt không", "có nên mua",
    "có nên dùng", "chia sẻ giúp", "review giúp", "theo chỉ định của bác sĩ",
    "theo chỉ định bác sĩ", "đừng tự ý", "không tự ý", "hỏi ý kiến bác sĩ", "tịch thu",
    "bắt giữ", "điều tra", "nhập viện", "tỉnh táo", "không phải là thuốc", "ngộ độc", "hàng giả",
    "không rõ nguồn gốc",
    "cho mình hỏi", "cho em hỏi", "có ai biết", "nên chọn loại nào", "loại nào tốt",
    # bans, seizures, refusals and advice (also what banned_product checks)
    "triệt phá", "cấm", "trái phép", "đường dây", "thu giữ", "tránh xa", "nói không",
    "không mua", "không nên", "tác hại", "thông qua", "đề nghị", "theo báo", "chỉ định",
    "hỏi dược sĩ", "hỏi bác sĩ", "thuế",
    # advice, refusals and honest (self-bought) reviews
    "đừng tin", "đừng nghe", "khuyến nghị", "không cần mua", "tự mua", "không thay được",
    "không thể thay thế", "không có loại", "không giới thiệu", "hãy đi khám",
    "theo đơn bác sĩ", "theo đơn của bác sĩ",
    # inspections and sanction decisions ("Thanh tra Sở Y tế phạt 40 triệu đồng …")
    "thanh tra sở", "thanh tra bộ", "thanh tra cục", "thanh tra y tế", "đoàn thanh tra",
    "kết luận thanh tra", "thanh tra chuyên ngành", "quyết định xử phạt", "vi phạm hành chính",
    "xử phạt vi phạm",
    # round 9 — apologies and enforcement sweeps ("tôi xin nhận lỗi", "sau đợt truy quét")
    "nhận lỗi", "xin nhận lỗi", "gây hiểu nhầm", "khiến người xem hiểu nhầm", "truy quét",
    "cơ quan chức năng khuyến cáo",
    # round 12 — market-surveillance seizures and press summaries of violations
    "tạm giữ", "quản lý thị trường", "hành vi vi phạm", "vi phạm phổ biến",
]

_FORMS_RX = T.compile_phrases(SUPPLEMENT_FORMS)
_WEAK_RX = T.compile_phrases(SUPPLEMENT_WEAK)
_OTHER_FORMS_RX = T.compile_phrases(OTHER_PRODUCT_FORMS)
_OTHER_CONTEXT_RX = T.compile_phrases(OTHER_PRODUCT_CONTEXT)
_CONTEXT_EXCLUDE_RX = T.compile_phrases(_CONTEXT_EXCLUDE)
_CLAIM_RX = T.compile_phrases(HEALTH_CLAIM)
_PROMO_RX = T.compile_phrases(PROMO_TONE)
_PET_RX = T.compile_phrases(PET_CONTEXT)
_HERB_RX = T.compile_phrases(HERB_FORMS)
_RAW_RX = T.compile_phrases(RAW_CONTEXT)
NOT_PROMOTION_RX = T.compile_phrases(NOT_PROMOTION)
# a fine with its amount ("phạt 40 triệu đồng", "bị phạt 70 trieu"), on lower-cased text with
# diacritics ("phát 100 nghìn" — a giveaway — is not "phạt"). (``_reported.SANCTION`` is the
# rule packs' folded counterpart, which needs the sanctioned matter after it.)
SANCTION = regex.compile(
    r"(?<![\p{L}\p{N}])(?:phạt|phat)\s+(?:[^\s.;:!?]+\s+){0,4}?\d+(?:[.,]\d+)?\s*"
    r"(?:triệu|trieu|tr|tỷ|tỉ|ty|ti|nghìn|ngàn|nghin|ngan)(?![\p{L}\p{N}])")
T.register_prefilter(SANCTION, "lower")


def not_promotion_hits(post) -> list[Evidence]:
    """Report, warning, question, refusal or sanction markers (``NOT_PROMOTION``, ``SANCTION``)."""
    hits = scan(post, FIELDS, NOT_PROMOTION_RX)
    if any(T.fold(h.quote).lower() in _MARKERS_READ_IN_CONTEXT for h in hits):
        texts = dict(field_texts(post, FIELDS))
        hits = [h for h in hits if not _names_no_report(h, texts)]
    return hits + scan(post, FIELDS, SANCTION, exact=True)


# the markers whose neighbours can say they report, warn or refuse nothing (``_names_no_report``)
_MARKERS_READ_IN_CONTEXT = {"duong day", "tac hai", "cam", "noi khong"}


def _names_no_report(hit: Evidence, texts: dict[str, str]) -> bool:
    """A marker its neighbours show to be no report, warning or refusal."""
    folded = T.fold(hit.quote).lower()
    if folded == "duong day":  # round 15 — "đường dây nóng" is a hotline, not a (trafficking) ring
        return bool(_HOTLINE_AFTER.match(folded_after(texts, hit, 8)))
    if folded == "tac hai":  # round 38 — "khắc phục / giảm tác hại khi dùng kháng sinh" is a benefit
        return bool(_HARM_REMEDIED_BEFORE.search(folded_before(texts, hit, 24)))
    if hit.quote.lower() == "cam":
        return _cam_names_no_ban(hit, texts)
    if hit.quote.lower() == "cấm":
        return _no_banned_substance(hit, texts)
    if T.fold(hit.quote) == "noi khong":
        return bool(_SAY_NO_TO_AILMENT.match(folded_after(texts, hit, 40))
                    or _QUESTION_END.match(folded_after(texts, hit, 8)))
    return False


_HOTLINE_AFTER = regex.compile(r"^\s+nong(?![\p{L}\p{N}])")
_HARM_REMEDIED_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:khac phuc|giam|giam thieu|han che|chong|ngan ngua|ngan chan|loai bo|trung hoa|"
    r"bao ve khoi|dao thai)\s+(?:(?:cac|nhung|moi)\s+)?$")
# round 12 — "nói không" right before a comma or question mark ends a question ("có bằng một ký
# táo như người ta nói không, …"), it refuses nothing
_QUESTION_END = regex.compile(r"^\s*(?:[,?]|$)")
# "nói không với mụn nhọt / táo bón": the ad idiom "say no to <an ailment>", not a refusal
_SAY_NO_TO_AILMENT = regex.compile(
    r"^\s+voi\s+(?:(?:chung|benh|tinh trang|noi lo|noi am anh)\s+)?(?:mun|tao bon|nong trong|mat ngu|"
    r"beo|mo thua|mo bung|tang can|dau|dau nhuc|nhuc moi|ho|cam|cum|rung toc|toc bac|nep nhan|lao hoa|"
    r"tham|nam|tieu duong|huyet ap|gout|gut|xuong khop|da day|tri|viem|yeu sinh ly|tieu dem|"
    r"suy nhuoc|met moi|benh tat|benh)(?![\p{L}\p{N}])")


# "cam" typed without diacritics is "cấm" (a ban) but also the fruit ("1 viên bằng 15 qua cam",
# "nuoc cam", "cam tuoi"), the chin ("cằm"), "cam kết", "cảm ơn" and a cold ("cảm cúm")
_CAM_NOT_BAN_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:qua|trai|nuoc|vo|mui|vi|tep|ly|coc|chai|kg|ky"
    # round 9 — "nọng cằm", "hai cằm", "râu cằm" (the chin)
    r"|nong|hai|rau|bop|gon"
    # round 32 — "bột cam" (orange powder), "thuốc cảm" (a cold remedy)
    r"|bot|thuoc)\s+$")
_CAM_NOT_BAN_AFTER = regex.compile(
    r"^\s+(?:ep|tuoi|sanh|vang|thao|canh|vat|ngot"
    # round 9 — "cam đoan", "cam kết", "cảm ơn/nhận/giác" typed bare
    r"|doan|ket|on|nhan|giac|xuc|dong"
    # round 32 — "cảm cúm", "cảm lạnh", "cảm mạo", "cảm sốt" typed bare (a cold)
    r"|cum|lanh|mao|sot)(?![\p{L}\p{N}])")


# round 36 — an ad's safety boast, "đảm bảo không có thành phần cấm", "không chứa chất cấm": no ban is
# reported (a notice that a product "chứa chất cấm" still is one)
_NO_BANNED_SUBSTANCE_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:khong|ko|k|chang|tuyet doi khong)\s+(?:he\s+)?(?:(?:co|chua|dung|su dung|pha)\s+)?"
    r"(?:(?:bat ky|mot chut|mot|cac)\s+)?(?:thanh phan|chat|hoat chat|tan duoc|duoc chat)\s+$")


def _no_banned_substance(hit: Evidence, texts: dict[str, str]) -> bool:
    """"cấm" (or a bare "cam") in a denied banned substance: "không chứa chất cấm"."""
    return bool(_NO_BANNED_SUBSTANCE_BEFORE.search(folded_before(texts, hit, 40)))


def _cam_names_no_ban(hit: Evidence, texts: dict[str, str]) -> bool:
    """A bare "cam" that is the fruit, the chin, "cam kết", "cảm ơn" or a cold ("cảm cúm"), or
    "cấm" in a denied banned substance — not a ban."""
    return bool(_CAM_NOT_BAN_BEFORE.search(folded_before(texts, hit, 8))
                or _CAM_NOT_BAN_AFTER.match(folded_after(texts, hit, 8))
                or _no_banned_substance(hit, texts))


_TEA_RX = T.compile_phrases(TEA_FORMS)
# claims that do not name a disease: slimming, meal replacement, beauty, generic benefit words
# (a slimming tea sold with only these is a tea; with a disease claim it is sold as a supplement)
_DISEASE_FREE = sorted({T.fold(c) for c in (
    "giảm cân", "tăng cân", "giảm mỡ", "tiêu mỡ", "đốt mỡ", "giảm béo", "xuống cân", "giảm size",
    "tăng size", "mỡ bụng", "thay bữa", "ăn thay", "uống thay", "uống thay bữa", "ăn thay bữa",
    "thay thế", "trắng da", "đẹp da",
    "giúp", "hỗ trợ", "hiệu quả", "cam kết", "bổ sung", "tăng cường", "cải thiện", "thải độc",
    "giải độc", "chống", "ngừa", "sức khỏe", "sức khoẻ", "khỏe mạnh", "khoẻ mạnh", "ngủ ngon",
    "ăn ngon", "tiêu hóa", "tiêu hoá")}, key=len, reverse=True)  # longest first
_DISEASE_FREE_WORDS = [tuple(t.split()) for t in _DISEASE_FREE]
# a pill-sized thing sucked, chewed or eaten ("ngậm 2 viên", "ăn 1 viên thay bữa"): a candy
# (round 17: also "ăn giúp mình 2–3 viên", a count range after up to two words)
_CANDY_INTAKE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:ngậm|nhai|ăn|ngam|an)\s+(?:(?:giúp|giup|thử|thu|mình|minh|em|tầm|tam|khoảng|"
    r"khoang)\s+){0,2}(?:\d+\s*[–-]\s*)?(?:\d+|một|hai|ba|mot)\s*(?:viên|vien)"
    r"(?![\p{L}\p{N}])")
# a supplement named only as the yardstick of another product ("1 thanh bằng 3 viên collagen",
# "thay cho viên uống"): the text before the cue (folded)
_COMPARED_BEFORE = regex.compile(
    # (a count after "bằng": "giảm cân bằng viên uống X" is the means, not a yardstick)
    r"(?<![\p{L}\p{N}])(?:bang\s+(?:\d+|mot|hai|ba|bon|nam|muoi)\s*|(?:thay cho|thay vi)\s+"
    r"(?:(?:\d+|mot|hai|ba|bon|nam|muoi)\s*)?)(?:(?:vien|goi|hop|ly|coc|chai|lo|hu|tuyp)\s+)?$")
T.register_prefilter(_CANDY_INTAKE, "lower")
# round 32 — zinc sold as the product ("Kẽm Zinkello nhập khẩu từ Pháp", "kẽm này là viên pin năng
# lượng của con"), written with its diacritics: folded "kem" is also cream ("kem") and "kém"
_ZINC = regex.compile(r"(?<![\p{L}\p{N}])kẽm(?![\p{L}\p{N}])")
T.register_prefilter(_ZINC, "lower")
# cue words that never name a supplement in these spellings ("nước sâm", "sâm panh", "sắt thép")
_CUE_EXCLUDE_RX = T.compile_phrases([
    "nước sâm", "sâm bổ lượng", "sâm panh", "sâm cau", "sắt thép", "sắt vụn", "cửa sắt",
    "thép", "kẽm gai", "tôn kẽm", "mạ kẽm", "đường sắt", "thảo mộc xông", "xông hơi",
    "omega seamaster", "đồng hồ omega", "mua sắm", "sắm", "cai rượu", "bỏ rượu",
    "viên ngậm trắng răng", "viên ngậm thơm miệng", "viên ngậm bạc hà",
    # a nutrient in food, not a product ("sơ chế rau để giữ vitamin", "trái cây giàu vitamin")
    "giữ vitamin", "giữ lại vitamin", "giữ được vitamin", "mất vitamin", "giàu vitamin",
    # round 17 — "gạo lứt giàu chất xơ", "cá hồi giàu omega": a food rich in a nutrient
    "giàu chất xơ", "nhiều chất xơ", "giàu canxi", "giàu omega", "giàu lợi khuẩn", "giàu probiotic",
    "giàu collagen", "giàu sắt", "giàu kẽm", "giàu biotin", "giàu dinh dưỡng",
    # round 17 — a cereal powder is a food ("bột ngũ cốc Dinh Dưỡng Xanh … thay được bữa trưa")
    "bột ngũ cốc dinh dưỡng", "ngũ cốc dinh dưỡng",
    # round 12 — a tonic drug named only as what the product replaces ("không cần uống thuốc bổ
    # não nữa"): "thuốc bổ X" is a drug word, not a supplement cue
    "thuốc bổ não", "thuốc bổ gan", "thuốc bổ thận", "thuốc bổ mắt", "thuốc bổ xương",
])
# "viên <Name>" / "viên <health word>" (original text: the name is capitalised) and "<N> viên"
_VIEN_NAMED = regex.compile(
    r"(?<![\p{L}\p{N}])(?<!(?i:nhân|thành|sinh|công|giáo|hội|diễn|học|đảng|đoàn|ủy|uỷ|tiếp|"
    r"kiểm|điều|huấn|nghiên cứu|phát ngôn|hướng dẫn|ủy|quan|biên|thuyết minh|nhan|thanh|sinh|"
    r"cong|giao|hoi|dien|hoc|dang|doan|uy|tiep|kiem|dieu|huan|quan|bien|hoi|tinh nguyen|"
    r"tình nguyện|cựu|ủy viên|lục|vận động|chiến sĩ)\s)"
    r"(?:[Vv]iên|VIÊN)\s+(?=\p{Lu}[\p{L}\p{N}]+)"
    r"|(?<![\p{L}\p{N}.,])\d{1,4}\s*(?:viên|vien|VIÊN)(?![\p{L}\p{N}])"
    # (not "2 viên kẹo", "3 viên gạch", "1 viên đá/bi/pin/ngọc/đạn": candy and things)
    r"(?!\s+(?i:kẹo|keo|gạch|gach|đá|bi|pin|ngọc|ngoc|kim cương|đạn|dan|xúc xắc|xuc xac|"
    r"nước giặt|giặt|giat|thả bồn|tha bon|tẩy|tay|sủi tẩy|long não|băng phiến)(?![\p{L}\p{N}]))"
    # "viên này đánh tan u xơ", "vien nay uong 1 thang" (not "nhân viên này", "bệnh viện này")
    r"|(?<![\p{L}\p{N}])(?<!(?i:nhân|thành|sinh|công|giáo|hội|diễn|học|đảng|đoàn|ủy|uỷ|tiếp|"
    r"kiểm|điều|huấn|quan|biên|cựu|lục|nhan|thanh|cong|giao|hoi|dien|hoc|dang|doan|uy|tiep|"
    r"kiem|dieu|huan|bien|bệnh|benh|thư|thu|phóng|phong|giảng|giang|động|dong|vấn|van|"
    r"toán|toan|tra|trợ|tro|tập|tap|viên|vien|công|phục|phuc|khảo|khao)\s)"
    r"(?i:viên|vien)\s+(?i:này|nay|ấy|đó)(?![\p{L}\p{N}])"
    # "viên tỏi đen này", "uống viên thải độc axit uric này": a pill named by a few words, only
    # at a sentence start or after a verb/classifier (never "huấn luyện viên trẻ này")
    r"|(?:(?<=^)|(?<=[.,;:!?\n(]\s{0,3})|(?<=(?i:uống|dùng|xài|mua|bảo|loại|hộp|lọ|cái|là|"
    r"nói|thấy|về|thử|đặt|nhờ|uong|dung|xai|bao|loai|hop|lo|cai|la|noi|thay|ve|thu|dat|nho)\s))"
    r"(?i:viên|vien)\s+(?!(?i:kẹo|keo|gạch|gach|đá|da|bi|pin|ngọc|ngoc|kim|đạn|dan|xúc|xuc|"
    r"giặt|giat|tẩy|tay|long|băng|bang|thuốc|thuoc|này|nay|sủi|sui|nước|nuoc)(?![\p{L}\p{N}]))"
    r"(?:\p{Ll}+\s+){1,4}?(?i:này|nay)(?![\p{L}\p{N}])"
)
# intake: "uống X 2 tháng", "dùng X 1 liệu trình", "uống X đều đặn / mỗi ngày"
_NUM = r"(?:\d+|một|hai|ba|bốn|năm|vài|mot|hai|bon|nam|vai)"
_UNIT = (r"(?:ngày|tuần|tháng|liệu trình|hộp|lọ|viên|gói|tuýp|ngay|tuan|thang|lieu trinh|hop|lo|"
         r"vien|goi|tuyp)")
_INTAKE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:uống|dùng|sử dụng|uong|su dung)\s+(?:[^\s.;:!?]+\s+){0,6}?"
    r"(?:" + _NUM + r"\s*" + _UNIT + r"|đều đặn|mỗi ngày|hằng ngày|hàng ngày|mỗi sáng|mỗi tối|"
    r"deu dan|moi ngay|hang ngay)(?![\p{L}\p{N}])"
    # "uống vào là hết ho", "chỉ sau 3 hộp chỉ số về bình thường"
    r"|(?<![\p{L}\p{N}])(?:uống|uong)\s+(?:(?:vào|vao|vô|vo)\s+)?(?:là|thì|la|thi)(?![\p{L}\p{N}])"
    r"|(?<![\p{L}\p{N}])(?:uống|uong)\s+(?:vô|vo)\s+(?=(?:trẻ|tre|khỏe|khoe|hết|het|đỡ|do|"
    r"khỏi|khoi|giảm|giam|tăng|tang|ngủ|ngu|đẹp|dep)(?![\p{L}\p{N}]))"
    # "uống cái này / loại này / hộp này / em này / sản phẩm này": the product on offer
    r"|(?<![\p{L}\p{N}])(?:uống|dùng|xài|uong|xai)\s+(?:thử\s+|thu\s+)?(?:cái|loại|hộp|lọ|em|"
    r"sản phẩm|sp|hũ|cai|loai|hop|san pham|hu)\s+(?:này|nay)(?![\p{L}\p{N}])"
    r"|(?<![\p{L}\p{N}])(?:sau|hết|het)\s+" + _NUM + r"\s*(?:hộp|lọ|hop)"
    r"(?![\p{L}\p{N}])"
)
# "uống Đường Huyết An", "dùng Sữa Non Colos Gold": intake of a capitalised product name
_INTAKE_NAMED = regex.compile(
    r"(?<![\p{L}\p{N}])(?:uống|dùng|Uống|Dùng|uong|Uong)\s+(?:thử\s+)?\p{Lu}[\p{L}\p{N}]+(?:\s+\p{Lu}[\p{L}\p{N}+]*)*"
)
# a product name right after a cue: a capitalised word (not sentence-initial) or a number
NAME_AFTER = regex.compile(r"^[ \t]+(?:\p{Ll}+[ \t]+)?(?:\p{Lu}[\p{L}\p{N}+]+|\d{2,}(?![\p{L}\p{N}]))")
# "X này" / "X hòa tan này": a demonstrative after the cue (up to two lower-case words between)
_THIS_AFTER = regex.compile(r"^[ \t]+(?:(?:này|nay|đó)|(?:\p{Ll}+[ \t]+){1,2}này)(?![\p{L}\p{N}])")
_NEAR = 28  # characters between a product head noun and a supplement cue of the same name
_BREAK = regex.compile(r"[.,;:!?\n()–—\-|/]")
# round 9 — a product named after the organ or disease it targets, title-cased ("Tim Mạch An
# Phúc", "2 hộp Gút Linh Đan"), not a department or disease heading ("Khoa Tim Mạch", "Bệnh Gút")
_ORGAN_NAMED = regex.compile(
    r"(?<!(?:Khoa|khoa|Bệnh|bệnh|Viện|viện|Hội|hội|Trung tâm|Chuyên khoa|chuyên khoa|Phòng|phòng|"
    r"Thuốc|thuốc|Thuoc|thuoc|"
    r"Ngày|ngày|Tuần|Hội thảo|Tạp chí|Chuyên đề)\s)"
    r"(?<![\p{L}\p{N}])(?:Tim [Mm]ạch|Xương [Kk]hớp|Dạ [Dd]ày|Tiểu [Đđ]ường|Huyết [Áá]p|Gút|Gout|"
    r"Bổ [Gg]an|Mát [Gg]an|Bổ [Tt]hận|Tiền [Đđ]ình|Đại [Tt]ràng|Tiểu [Đđ]êm|Mỡ [Mm]áu|Tuyến [Gg]iáp)"
    r"(?=\s+\p{Lu}\p{L}+)")
# raw herbs sold by weight ("mua 50g tặng 10g", "loại 1")
_GRAMS = regex.compile(r"(?<![\p{L}\p{N}.,])\d+\s*(?:g|gr|gram|gam|lạng)(?![\p{L}\p{N}])"
                       r"|(?<![\p{L}\p{N}])(?:loại|loai)\s+(?:1|một|mot|thượng hạng)(?![\p{L}\p{N}])")
# a supplement form followed by a drug class names a drug ("viên uống kháng sinh Amoxi")
_DRUG_AFTER = regex.compile(r"^\s+(?:khang sinh|corticoid|ke don|tri giun)(?![\p{L}\p{N}])")
# a text that opens with "Thuốc …" sells a drug (remedy), not a supplement; round 10 — nor one
# opening with a herbal paste named as the product ("Cao Việt Thảo — dạ dày, xương khớp …": a
# traditional remedy; "cao sâm"/"cao linh chi" stay supplement forms)
DRUG_HEAD = regex.compile(r"^\W{0,3}(?:thuốc|thuoc)\s+(?!(?:lá|la|lào|lao|nhuộm|nhuom)(?![\p{L}\p{N}]))")
_REMEDY_HEAD = regex.compile(r"^\W{0,3}(?:Cao|CAO)\s+(?=\p{Lu})(?!(?i:sâm|hồng sâm|linh chi|hàu|ngựa)(?![\p{L}\p{N}]))")
# round 10 — a milk named as the product ("Sữa Milu Gold Kid …", "Sữa thảo dược Diabet Plus",
# "sua Grand Vita"): a food or children's milk, not a supplement ("sữa ong chúa" is; "sữa rửa
# mặt", "sữa tắm", "sữa dưỡng" are cosmetics). Colostrum ("sữa non") is also sold as a supplement
# ("canxi sữa non Hàn", "dùng Sữa Non Colos Gold"): a milk only when the text opens with it.
_MILK_NAMED = regex.compile(
    r"(?:^\W{0,3}|(?<![\p{L}\p{N}])(?!(?i:sữa|sua)\s+(?i:non)(?![\p{L}\p{N}])))"
    r"(?:Sữa|SỮA|sữa|Sua|SUA|sua)\s+(?!(?i:ong|rửa|rua|tắm|tam|dưỡng|duong|chua|mẹ|me)"
    r"(?![\p{L}\p{N}]))(?:\p{Ll}+\s+){0,3}\p{Lu}[\p{L}\p{N}]+")
# another product named only as a yardstick ("hiệu quả như mũi tiêm") or as what the product
# replaces ("không cần uống thuốc khớp, thuốc trị …"): not the product promoted
_YARDSTICK_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:nhu|bang|hon|ngang|tuong duong|chang kem|khong kem|khong thua|thay cho|"
    r"thay vi|thay the|thay the cho"
    # round 15 — "thay thế hoàn toàn thuốc cường dương", "uống thay thuốc kháng sinh", "bằng 4 ly
    # sữa tươi" (a unit after the count)
    r"|thay the\s+(?:hoan toan|duoc|han)(?:\s+cho)?|(?:uong|dung)\s+thay(?:\s+cho)?\s+thuoc)\s+(?:ca\s+)?"
    # round 32 — the yardstick eaten or drunk ("bằng ăn 1kg thịt bò", "bằng uống 2 lít nước")
    r"(?:(?:an|uong)\s+)?"
    r"(?:(?:\d+|mot|hai|ba|bon|nam|muoi)\s*(?:(?:ly|coc|qua|trai|hop|chai|lit|bat|ong|kg|ky|can)\s+)?)?"
    r"(?:(?:thuoc|cac|nhung)\s+)?$")
_REPLACED_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:khong can|khong phai|khoi phai|chang can|ko can|k can|bo het|bo han|"
    r"ngung|ngung han|thay vi"
    # round 41 — "bỏ được thuốc tiểu đường", "khỏi cần thuốc huyết áp", "thay được thuốc tiểu đường"
    r"|bo duoc|bo luon|khoi can|thay duoc|thay the duoc)\s+(?:uong|dung|tiem|chich)?\s*[^.!?;\n]{0,80}$")


def only_yardstick(texts, evidence) -> bool:
    """Does ``evidence`` name only what the product is compared with ("hiệu quả như mũi tiêm")
    or what it replaces ("không cần uống thuốc khớp"), not a product promoted?"""
    return bool(_YARDSTICK_BEFORE.search(folded_before(texts, evidence, 28))
                or _REPLACED_BEFORE.search(folded_before(texts, evidence, 90)))


# round 13 — granules named by a brand or a benefit ("Cốm dưỡng tóc X", "uống Cốm Tóc Mây"), not
# the green-rice food ("cốm làng Vòng", "bánh cốm", "chè cốm"); written with its diacritics ("com"
# is also "cơm")
_COM_NAMED = regex.compile(
    r"(?<!(?i:bánh|chè|xôi|chả|kem|sữa chua|mùa|hạt|món|cơm|lúa|gạo|rang|giã|làm)\s)"
    r"(?<![\p{L}\p{N}])(?:Cốm|cốm|CỐM)"
    r"(?!\s+(?i:làng|vòng|xanh|non|dẹp|rang|khô|tươi|lúa|mới|hà nội|sữa dừa)(?![\p{L}\p{N}]))"
    r"(?=\s+(?:\p{Lu}|(?i:dưỡng|bổ|tăng|ăn|ngủ|vi|lợi|canxi|kẽm|sắt|trí|cao|chiều|men|hỗ|giúp|"
    r"tiêu|mát|đề|chống|giảm|kids|baby|cho bé|cho trẻ)(?![\p{L}\p{N}])))")
# a milk named by the disease it is sold for ("sữa non tiểu đường X", "Sữa hạt tiểu đường Y", "sữa
# xương khớp"), like a "sữa chuyên biệt" / "dinh dưỡng y học" (food for special medical purposes):
# a milk, not a health supplement (round 17 — it was a supplement form from round 13; real ads for
# diabetic milks are reported as misleading food ads, without the supplement's sentence)
_DISEASE_MILK = regex.compile(
    r"(?<![\p{L}\p{N}])sua\s+(?:non\s+|hat\s+|bot\s+)?(?:cho\s+nguoi\s+(?:bi\s+)?)?(?:tieu duong|duong huyet|"
    r"xuong khop|huyet ap|mo mau|tim mach|gout|gut|ung thu|da day|tieu duong type 2)(?![\p{L}\p{N}])")
_SPECIAL_MILK_RX = T.compile_phrases(["sữa chuyên biệt", "dinh dưỡng chuyên biệt",
                                      "dinh dưỡng y học", "thực phẩm dinh dưỡng y học",
                                      "mục đích y tế đặc biệt"])

# round 15 — a vitamin C tablet ("viên C này", "vien c", "viên sủi C", "1 viên vitamin C") is a
# supplement form (not "nhân viên C…"); chewing one ("nhai 1 viên") is no candy
_VITAMIN_C_PILL = regex.compile(
    r"(?<!(?:nhan|thanh|sinh|cong|giao|hoi|dien|hoc|dang|doan|uy|tiep|kiem|dieu|huan|quan|bien|"
    r"benh|phong|giang|dong|tro|tap)\s)(?<![\p{L}\p{N}])vien\s+(?:(?:sui|nhai|ngam)\s+)?"
    r"(?:vitamin\s+)?c(?![\p{L}\p{N}])")
# round 15 — a product equated with amounts of food ("1 viên bằng 5 quả cam", "tương đương 3 quả
# rưỡi chanh", "1 ống = 4 ly sữa tươi"): a promotional nutrition claim
_FOOD_EQUIVALENCE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:bang|tuong duong|=|gap)\s*(?:voi\s+)?(?:\d+(?:[.,]\d+)?|mot|hai|ba|bon|nam|"
    r"sau|bay|tam|chin|muoi|vai)\s*(?:ly|coc|qua|trai|hop|chai|lit|bat|dia|kg|ky|can|lang|bo|qua)"
    r"(?:\s+ruoi)?\s+(?:(?:tuoi|sach)\s+)?(?:sua|sua tuoi|cam|chanh|tao|buoi|kiwi|oi|nho|rau|rau xanh|"
    r"trung|thit|ca|ca hoi|chuoi|dua|dau|hat|chan gio|com|trai cay|hoa qua|oc|tom|yen)(?![\p{L}\p{N}])")
# round 15 — "uống kẹo X 3 tháng", "uống sữa Y mỗi ngày": the intake of a candy or a milk (not
# colostrum, "dùng Sữa Non X", also sold as a supplement)
# round 17 — also "uống trà/nước/cafe X 10 ngày" (a drink's intake; not "uống nước ấm" with a pill)
_FOOD_INTAKE = regex.compile(r"^(?:uong|dung|an)\s+(?:thu\s+)?(?:keo|chao|banh|sua(?!\s+non)|tra|cafe|ca phe|bot|"
                             r"coffee|nuoc(?!\s+(?:am|loc|soi|lanh|nong)(?![\p{L}\p{N}])))(?![\p{L}\p{N}])")

for _p in (_VIEN_NAMED, _INTAKE_NAMED, _ORGAN_NAMED, _MILK_NAMED, _REMEDY_HEAD, _COM_NAMED):
    T.register_prefilter(_p, "raw")
T.register_prefilter(_INTAKE, "lower")
T.register_prefilter(_DISEASE_MILK)
T.register_prefilter(_VITAMIN_C_PILL)
T.register_prefilter(_FOOD_EQUIVALENCE)


# "tặng kèm", "đi kèm", "đính kèm", "kèm theo", "kèm thêm" typed without diacritics
_KEM_WITH_BEFORE = regex.compile(r"(?<![\p{L}\p{N}])(?:tang|di|dinh|gui|ban|qua|mua)\s+$")
_KEM_WITH_AFTER = regex.compile(r"^\s+(?:theo|them|voi)(?![\p{L}\p{N}])")


def _in_other_name(cue: Evidence, forms: list[Evidence], texts: dict[str, str]) -> bool:
    """``cue`` is part of another product's name: a head noun shortly before it, same phrase.
    (Round 13: an unmarked "kem" that is "kèm" — "tang kem them hop vien rau cu", "đi kem",
    "kem theo" — names no cream.)"""
    text = texts.get(cue.field, "")
    for f in forms:
        if f.field != cue.field or f.end > cue.start or cue.start - f.end > _NEAR:
            continue
        if f.quote.lower() == "kem" and (_KEM_WITH_BEFORE.search(folded_before(texts, f, 10))
                                         or _KEM_WITH_AFTER.match(folded_after(texts, f, 10))):
            continue
        if not _BREAK.search(text[f.end:cue.start]):
            return True
    return False


def _named(cue: Evidence, texts: dict[str, str]) -> bool:
    text = texts.get(cue.field, "")
    after = text[cue.end:cue.end + 60]
    return bool(NAME_AFTER.match(after)) or bool(_THIS_AFTER.match(after))


# claim words that, typed without diacritics, are everyday words ("chua uong" = chưa uống,
# "ai can thi mua" = cần thì)
_UNMARKED_CLAIM_COLLISIONS = {"chua", "can thi", "tri", "het", "khoi", "lanh", "gan", "than",
                              "ho", "ha"}


def _names_disease(claim: str) -> bool:
    """A claim hit (merged spans: "uống thay bữa") says more than slimming/beauty/generic.
    (Round 13: overlapping terms cover the words together — "giảm mỡ bụng" is "giảm mỡ" and
    "mỡ bụng", no disease.)"""
    words = T.fold(claim).split()
    covered = [False] * len(words)
    for term in _DISEASE_FREE_WORDS:
        n = len(term)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == term:
                covered[i:i + n] = [True] * n
    return not all(covered)


def _compared(cue: Evidence, texts: dict[str, str]) -> bool:
    """``cue`` is the yardstick another product is compared with ("bằng 3 viên collagen")."""
    return bool(_COMPARED_BEFORE.search(folded_before(texts, cue, 24), timeout=T.REGEX_TIMEOUT))


def supplement_signals(post: PostView) -> dict[str, list[Evidence]]:
    """Supplement-promotion signals of an undeclared post (see the section comment):
    ``forms``, ``weak`` (cue hits not inside another product's name), ``named`` (cues followed
    by a product name), ``intake``, ``claim``, ``promo``, ``other`` (other-product context) and
    ``not_promo`` (report/warning/question markers). (Round 14: computed once per post object;
    each call returns fresh lists.)"""
    return {k: list(v) for k, v in _supplement_signals(post).items()}


@per_object_cache()
def _supplement_signals(post: PostView) -> dict[str, list[Evidence]]:
    texts = dict(field_texts(post, FIELDS))
    cue_ex = scan(post, FIELDS, _CUE_EXCLUDE_RX)
    # "sam" typed without diacritics before a product name ("sam Ngoc Bao") is "sâm", not "sắm"
    cue_ex = [c for c in cue_ex if not (c.quote == "sam" or c.quote == "Sam") or not _named(c, texts)]
    other_forms = _as_written(scan(post, FIELDS, _OTHER_FORMS_RX), _AMBIGUOUS_UNMARKED_FORMS, texts)
    forms = not_overlapping(scan(post, FIELDS, _FORMS_RX), cue_ex)
    other = not_overlapping(scan(post, FIELDS, _OTHER_CONTEXT_RX),
                             scan(post, FIELDS, _CONTEXT_EXCLUDE_RX))
    # (an unmarked "kem" is "kém" only in a text written without diacritics)
    other = _as_written(other, _AMBIGUOUS_UNMARKED, texts)
    raw = scan(post, FIELDS, _RAW_RX) + scan(post, FIELDS, _GRAMS, exact=True)
    # round 32 — a weight that is the yardstick ("1 viên bằng ăn 1kg thịt bò") sells nothing raw
    raw = [r for r in raw if not only_yardstick(texts, r)]
    other = [o for o in other if not only_yardstick(texts, o)]
    other = other + scan(post, FIELDS, DRUG_HEAD, exact=True)
    other = other + scan(post, FIELDS, _MILK_NAMED, original=True)
    other = other + scan(post, FIELDS, _REMEDY_HEAD, original=True)
    if raw:  # a root, dried mushroom or cordyceps sold raw is farm produce, not a supplement
        herbs = scan(post, FIELDS, _HERB_RX)
        forms = not_overlapping(forms, herbs)
        other = other + raw
    vitamin_c = scan(post, FIELDS, _VITAMIN_C_PILL)
    candy = scan(post, FIELDS, _CANDY_INTAKE, exact=True)
    if vitamin_c:  # round 15 — "nhai 1 viên" of a vitamin C tablet is its intake, not a candy's
        candy = [c for c in candy if not T.fold(c.quote).lower().startswith("nhai")]
    other = other + candy
    vien = not_overlapping(scan(post, FIELDS, _VIEN_NAMED, original=True), forms + cue_ex)
    if other:  # "2 viên mỗi ngày" of a candy, drug or other product is not a supplement form
        vien = [v for v in vien if not v.quote[:1].isdigit()]
    forms += vien
    forms += not_overlapping(vitamin_c, forms)
    forms += scan(post, FIELDS, _ORGAN_NAMED, original=True)
    forms += scan(post, FIELDS, _COM_NAMED, original=True)
    # a food for special medical purposes or a milk named by a disease, not a supplement
    other = other + scan(post, FIELDS, _SPECIAL_MILK_RX) + scan(post, FIELDS, _DISEASE_MILK)
    # round 13 — a title-cased food word inside a supplement's name ("Siro ăn ngủ ngon Yến Sào Mật
    # Ong") is an ingredient of that product, not another product
    heads = [f for f in forms if f.quote[:1].isalpha()]
    other = [o for o in other if not (o.quote[:1].isupper() and _in_other_name(o, heads, texts))]
    forms = [c for c in forms if not _in_other_name(c, other_forms, texts)
             and not _DRUG_AFTER.match(folded_after(texts, c, 16))]
    weak = not_overlapping(scan(post, FIELDS, _WEAK_RX) + scan(post, FIELDS, _ZINC, exact=True),
                           cue_ex + forms)
    weak = [c for c in weak if not _in_other_name(c, other_forms, texts)]
    if raw:
        weak = [c for c in not_overlapping(weak, herbs) if T.fold(c.quote) != "sam"]
    forms = [c for c in forms if not _compared(c, texts)]
    weak = [c for c in weak if not _compared(c, texts)]
    claim = scan(post, FIELDS, _CLAIM_RX) + scan(post, FIELDS, _FOOD_EQUIVALENCE)
    tea = scan(post, FIELDS, _TEA_RX)
    tea_claims = [c for c in not_overlapping(claim, tea)
                  if T.is_marked(c.quote) or T.fold(c.quote) not in _UNMARKED_CLAIM_COLLISIONS]
    if tea and any(_names_disease(c.quote) for c in tea_claims):
        forms += tea  # a slimming tea sold with disease claims (mỡ máu, men gan, huyết áp …)
    elif tea and not (forms or weak):
        other = other + tea  # a slimming tea sold as a tea: its intake claims are a food's
    intake, food_intake = [], []  # (round 15/17: a candy's, milk's or drink's intake names another product)
    for i in scan(post, FIELDS, _INTAKE, exact=True) + scan(post, FIELDS, _INTAKE_NAMED, original=True):
        (food_intake if _FOOD_INTAKE.match(T.fold(i.quote).lower()) else intake).append(i)
    return {
        "forms": forms,
        "weak": weak,
        "named": [c for c in forms + weak if _named(c, texts)],
        # (not "uống kẹo X 3 tháng", "uống sữa Y mỗi ngày", "uống trà X 10 ngày": in "other")
        "intake": intake,
        "claim": claim,
        "promo": scan(post, FIELDS, _PROMO_RX),
        "other": other + food_intake,
        "not_promo": not_promotion_hits(post),
        "pet": scan(post, FIELDS, _PET_RX),
    }


# Every pattern whose matches can end up in ``supplement_signals``' "forms", "weak" or "intake",
# by the view kind ``scan`` searches it on: when none of them may match a post, those three are
# empty (a gate for callers that need one of them; keep it in step with ``_supplement_signals``).
CUE_PATTERNS = {
    "folded": (_FORMS_RX, _WEAK_RX, _TEA_RX, _VITAMIN_C_PILL),
    "lower": (_INTAKE, _ZINC),
    "raw": (_VIEN_NAMED, _ORGAN_NAMED, _COM_NAMED, _INTAKE_NAMED),
}
