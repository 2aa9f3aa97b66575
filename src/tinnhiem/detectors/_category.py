"""Product-category detection (private helper shared by category-specific rules).

``post_categories(post)`` returns ``{category: [Evidence, ...]}`` for the categories of
``model.PRODUCT_CATEGORIES`` a post is about:

* **declared** — when ``PostView.product_categories`` is non-empty (a collaboration
  declaration or the product registry names the products) it is authoritative: exactly those
  categories, each with a ``flags`` evidence ``product_categories:<cat>``;
* **inferred** — otherwise from the caption, hashtags and transcript, with the lexicons below
  (catalog 3.D/3.E "applies_to" and Appendix D; diacritics are checked, so "Sơn" is not "son").
  ``other`` is never inferred.

The order of the returned dict is the priority used when a rule applies to several
categories: the most specific, highest-risk category first (drug, health_supplement,
infant_formula, cosmetics, medical_device, tobacco, alcohol, finance, food, other).
Results are cached per post object (``PostView`` is frozen).
"""

from __future__ import annotations

from tinnhiem import text as T
from tinnhiem.detectors._common import SUPPLEMENT, scan
from tinnhiem.detectors.base import flag_evidence, per_object_cache
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
        "tinh chất", "essence", "ampoule", "lotion", "retinol", "niacinamide", "tẩy tế bào chết",
        "xịt khoáng", "skincare", "makeup", "trang điểm", "dưỡng da", "dưỡng trắng", "làm đẹp da",
        "mụn", "nám", "tàn nhang", "vết thâm", "thâm mụn", "quầng thâm", "lỗ chân lông", "da mặt", "làn da", "kem",
        "da", "da đầu", "tóc", "vùng nách", "cosmetic", "cosmetics", "sunscreen", "moisturizer", "cleanser", "tắm trắng", "ủ trắng",
        "kích trắng", "tinh dầu dưỡng tóc", "thuốc mọc tóc", "serum mọc tóc", "mỹ phẩm thiên nhiên",
    ],
    "drug": [
        "thuốc kê đơn", "thuốc không kê đơn", "thuốc theo đơn", "kháng sinh", "corticoid",
        "viên nén", "viên nén bao phim", "siro ho", "thuốc ho", "thuốc nhỏ mắt", "thuốc giảm đau",
        "thuốc hạ sốt", "thuốc cảm", "thuốc dạ dày", "thuốc đau dạ dày", "thuốc bổ", "thuốc bôi",
        "thuốc mỡ", "thuốc xịt", "thuốc giảm cân", "thuốc tăng cân", "thuốc ngủ",
        "thuốc nam", "thuốc bắc", "thuốc đông y", "thuốc gia truyền", "bài thuốc", "dược phẩm",
        "hoạt chất", "chống chỉ định", "liều dùng", "xnqc", "paracetamol", "ibuprofen",
        "amoxicillin", "omeprazole", "loratadine", "cetirizine", "berberin",
    ],
    "medical_device": [
        "thiết bị y tế", "trang thiết bị y tế", "máy đo huyết áp", "máy đo đường huyết",
        "nhiệt kế", "máy xông mũi họng", "máy khí dung", "máy tạo oxy", "máy trợ thính",
        "que thử", "que thử thai", "khẩu trang y tế", "kính áp tròng", "lens", "nẹp cột sống",
        "đai lưng cột sống", "máy điện xung", "máy massage trị liệu", "băng gạc",
    ],
    "infant_formula": [
        "sữa công thức", "sữa bột", "sữa cho bé", "sữa cho trẻ", "sữa trẻ em", "sữa mát",
        "sữa tăng cân cho bé", "sữa non", "sữa tăng chiều cao", "sữa dinh dưỡng cho trẻ",
        "bột ăn dặm", "infant formula", "bình sữa", "núm ti", "bình bú",
    ],
    "tobacco": [
        "thuốc lá", "thuốc lá điện tử", "thuốc lá nung nóng", "vape", "pod vape", "pod system",
        "tinh dầu vape", "heets", "iqos", "terea", "relx", "shisha", "xì gà", "cigar", "cigarette",
    ],
    "alcohol": [
        "rượu", "rượu vang", "rượu mạnh", "bia", "beer", "wine", "whisky", "whiskey", "vodka",
        "soju", "sake", "cognac", "brandy", "tequila", "champagne", "sâm panh", "cocktail",
    ],
    "finance": [
        "đầu tư", "lãi suất", "lợi nhuận", "tiền ảo", "tiền điện tử", "crypto", "coin", "forex",
        "sàn giao dịch", "chứng khoán", "cổ phiếu", "vay tiền", "app vay", "vay nhanh",
        "thẻ tín dụng", "mở tài khoản", "tiết kiệm online", "bảo hiểm", "trái phiếu", "quỹ đầu tư",
    ],
    "food": [
        "thực phẩm", "đồ ăn", "món ăn", "đồ uống", "nước uống", "trà sữa", "cà phê", "bánh",
        "kẹo", "snack", "nước ép", "nước mắm", "gia vị", "sữa chua", "đặc sản", "ăn vặt",
        "ngũ cốc", "yến mạch", "mì", "bún", "phở", "trà túi lọc", "mật ong",
    ],
}
# folded collisions cancelled per category ("thuốc lá" is tobacco, not a drug; "nám"/"mụn"
# in non-cosmetic senses are rare enough; "bia" inside "bia mộ" is not beer)
EXCLUDE: dict[str, list[str]] = {
    "drug": ["không phải là thuốc", "không phải thuốc", "thay thế thuốc", "thuốc chữa bệnh",
             "bỏ thuốc tây", "ngưng thuốc tây", "thuốc lá", "thuốc lào"],
    "alcohol": ["bia mộ", "rượu bia thì không lái xe", "không uống rượu", "bia không cồn"],
    "cosmetics": ["kem que", "kem tươi", "kem ốc quế", "kem dừa", "kem bơ", "quán kem", "ăn kem"],
    "food": ["thực phẩm chức năng", "thực phẩm bảo vệ sức khỏe", "thực phẩm bảo vệ sức khoẻ"],
}


# compiled once at import (``T.compile_phrases`` per call re-hashes the whole list)
_LEXICON_RX = {cat: T.compile_phrases(terms) for cat, terms in LEXICON.items()}
_EXCLUDE_RX = {cat: T.compile_phrases(terms) for cat, terms in EXCLUDE.items()}


def _hits(post: PostView, cat: str) -> list[Evidence]:
    hits = scan(post, FIELDS, _LEXICON_RX[cat])
    if not hits or cat not in EXCLUDE:
        return hits
    ex = scan(post, FIELDS, _EXCLUDE_RX[cat])
    return [h for h in hits if not any(
        x.field == h.field and T.overlaps((h.start, h.end), (x.start, x.end)) for x in ex)]




@per_object_cache()
def _categories(post: PostView) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
    """The post's product categories with their evidence (cached per post object)."""
    return _infer_categories(post)


def _infer_categories(post: PostView) -> tuple[tuple[str, tuple[Evidence, ...]], ...]:
    if post.product_categories:
        declared = [c for c in PRIORITY if c in post.product_categories]
        declared += [c for c in post.product_categories if c not in declared]
        return tuple((c, (flag_evidence(f"product_categories:{c}"),)) for c in declared)
    out = []
    for cat in PRIORITY:
        if cat == "other":
            continue
        hits = _hits(post, cat)
        if hits:
            out.append((cat, tuple(hits)))
    return tuple(out)


def post_categories(post) -> dict[str, list[Evidence]]:
    """``{category: evidence}`` in priority order (declared, else inferred from text)."""
    if not isinstance(post, PostView):
        return {}
    return {c: list(ev) for c, ev in _categories(post)}


def is_declared(post) -> bool:
    return isinstance(post, PostView) and bool(post.product_categories)


def first_match(post, wanted) -> tuple[str, list[Evidence]] | None:
    """The highest-priority category of ``post`` that is in ``wanted`` (or ``None``)."""
    for cat, ev in post_categories(post).items():
        if cat in wanted:
            return cat, ev
    return None


if set(PRIORITY) != set(PRODUCT_CATEGORIES):  # pragma: no cover - guards model changes
    raise RuntimeError("_category.PRIORITY must list every model.PRODUCT_CATEGORIES entry")
