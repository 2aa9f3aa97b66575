"""Prescription drugs named in a post — the lexicon two detectors share.

``banned_product`` reports advertising a prescription drug (Law 16/2012 Art. 7 cl. 5);
``missing_supplement_disclaimer`` needs to know when the pills a post talks about are a drug
("thuốc giảm cân Sibutramine", "Ozempic"), whose claims are a drug's, not a supplement's.
Terms are matched as phrases on folded text (diacritics checked); molecule families by suffix
(-cillin, -mycin, -floxacin, cef…, -prednisolon, -steride, -sartan, -statin …). A drug the
promoted product claims to replace ("không phải dùng kháng sinh nữa", "bỏ hẳn thuốc ngủ") or is
compared with ("hiệu quả như mũi tiêm giảm cân") is not the product itself and is left out.
"""

from __future__ import annotations

import regex

from tinnhiem import text as T
from tinnhiem.detectors._common import not_overlapping, scan
from tinnhiem.detectors.base import field_texts, folded_before
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
            "somatropin", "tiêm tăng chiều cao", "thuốc tiêm tăng chiều cao"]
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
              "biến chứng truyền trắng", "biến chứng tiêm trắng"]

# prescription molecules by family suffix (folded text): antibiotics, corticoids, 5-ARIs …
_RX_DRUG = regex.compile(
    r"(?<![\p{L}\p{N}])(?:\p{L}{2,}(?:cillin|cilin|mycin|micin|floxacin|cyclin|cycline)"
    r"|cef(?:ixim|uroxim|triaxon|adroxil|alexin|podoxim|dinir|azolin|otaxim|tazidim)e?"
    r"|(?:methyl)?prednisolone?|dexamethasone?|betamethasone?|hydrocortisone?|triamcinolone?"
    r"|\p{L}*steride|\p{L}+(?:sartan|gliptin|gliflozin|azepam|zolam|glutide)|\p{L}+statin)"
    r"(?![\p{L}\p{N}])"
)

# "không phải dùng kháng sinh nữa", "bỏ hẳn thuốc ngủ", "thay thế thuốc ngủ": the drug is what
# the promoted product claims to replace (or is compared with), not the product itself
_REPLACED = regex.compile(
    r"(?:khong can|khong phai|khong con phai|chang can|khoi|khoi phai|bo|bo han|bo luon|"
    r"thay|thay the|thay cho|ngung|ngung han|ngung luon|tam biet|noi khong voi|khong le thuoc|"
    r"khong phu thuoc|le thuoc|phu thuoc|han che|giam|it|hon|thay vi|khoi can|"
    # compared with it ("hiệu quả như bút tiêm giảm cân", "tương đương thuốc kháng sinh")
    r"nhu|giong|giong nhu|ngang|sanh ngang|tuong duong|khong kem|chang kem|"
    # round 14 — the person's current treatment that the promoted product goes with ("con
    # mình đang uống kháng sinh cũng hết tác dụng phụ")
    r"dang uong|dang dung|dang tiem)"
    r"(?:\s+(?:dung|uong|xai|toi|den|phai|han|luon|vao|ca|nhung|moi|hay|cac|loai|duoc))*"
    r"(?:\s+(?:thuoc|mui|kim|but|lieu))?\s*$")


def _not_replaced(post: PostView, hits: list[Evidence]) -> list[Evidence]:
    texts = dict(field_texts(post, FIELDS))
    return [h for h in hits
            if not _REPLACED.search(folded_before(texts, h, 40), timeout=T.REGEX_TIMEOUT)]


_TERMS_RX = T.compile_phrases(RX_TERMS)
_EXCLUDE_RX = T.compile_phrases(RX_EXCLUDE)
T.register_prefilter(_RX_DRUG)


def prescription_drug_hits(post: PostView) -> list[Evidence]:
    """Prescription drugs the post names as what it is about (not as what it replaces)."""
    hits = scan(post, FIELDS, _TERMS_RX)
    if hits:
        hits = not_overlapping(hits, scan(post, FIELDS, _EXCLUDE_RX))
    return _not_replaced(post, hits + scan(post, FIELDS, _RX_DRUG))
