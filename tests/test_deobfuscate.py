"""deobfuscate.revealed: what disguised words and numbers stand for; ordinary writing gives nothing."""

from __future__ import annotations

import pytest

from tinnhiem.deobfuscate import revealed
from tinnhiem.detectors.models import textclf
from tinnhiem.text import fold


@pytest.mark.parametrize("text,words", [
    ("ib z a l o mình nha", ["zalo"]),
    ("kết bạn Z A L O để nhận quà", ["ZALO"]),
    ("z . a . l . o", ["zalo"]),
    ("ib z  a  l  o", ["zalo"]),
    ("z. a. l. o", ["zalo"]),
    ("xem l.i.n.k ở b.i.o", ["link", "bio"]),
    ("n.h.à c.á.i uy tín", ["nhà", "cái"]),
    ("hay v*l", ["vl"]),
    ("đ.m thằng này", ["đm"]),
    ("Đ*t", ["Đt"]),
    ("to^i thấy", ["toi"]),  # telex typed without conversion
    ("Tổ.ng H.ợp P.O.D.S.YS.T.E.M", ["PODSYSTEM"]),
    ("ｚａｌｏ", ["zalo"]),
    ("gọi 098.765.4321", ["0987654321"]),
    ("gọi 0912 345 678 nha", ["0912345678"]),
    ("+84 98 765 4321", ["84987654321"]),
    ("Không chín tám bảy sáu năm bốn ba hai một", ["0987654321"]),
    ("khong chin tam bay sau nam bon ba hai mot", ["0987654321"]),
    ("0 chín 8 bảy 6 năm 4 ba 2 một", ["0987654321"]),
    ("sdt: không chín một hai. ba bốn năm. sáu bảy tám", ["0912345678"]),
])
def test_disguises_are_revealed(text, words):
    assert revealed(text) == words


@pytest.mark.parametrize("text", [
    "Sản phẩm tốt, giao hàng nhanh, sẽ ủng hộ shop tiếp",
    "san pham dung tot, se mua lai",
    "giá 1.500.000đ, giảm còn 10.000.000.000 là cùng",  # amounts are no phone numbers
    "sdt 0987654321",  # a plain number is no disguise
    "ship về TP.HCM mấy ngày ạ",
    "link ở bit.ly/abc",
    "mua ở https://shopee.vn/product/17259208/6853441201?smtt=0.444284095-1626240456.9",
    "covid-19, wi fi yếu",
    "Me-O vị cá ngừ, màn hình E-ink",
    "Dùng tệ.ko nên mua",  # a missing space after a full stop
    "Cảm ơn shop ạ.Rất hài lòng",
    "trà_sữa trân_châu, pin+xạc",
    "a e ơi ba bốn ngày là tới",
    "",
])
def test_ordinary_writing_reveals_nothing(text):
    assert revealed(text) == []


def test_non_text_is_harmless():
    assert revealed(None) == []  # type: ignore[arg-type]


def test_featurisation_reads_the_revealed_words_beside_the_text():
    plain, disguised = "ib zalo 0987654321", "ib z a l o 098.765.4321"
    low, folded, _ = textclf.normalize(disguised)
    assert low.split()[-2:] == ["zalo", "0987654321"] and folded == fold(low)
    assert textclf.normalize("ib zalo")[0] == " ib zalo "  # no disguise: the text alone
    doc, buckets = textclf.featurize([plain, disguised])
    shared = set(buckets[doc == 0]) & set(buckets[doc == 1])
    word_buckets = {b for d, b in zip(*textclf.feature_parts([plain])[1]) if d == 0}
    assert word_buckets <= shared  # every word of the plain text is a feature of the disguised one


def _disguise():
    from repo_scripts import load_script

    return load_script("benchmarks/disguise.py").disguise


def test_benchmark_disguises_are_deterministic_and_leave_other_text_alone():
    disguise = _disguise()
    text = "Vay tiền nhanh, kết bạn zalo 0987654321, link ở bio"
    hidden = disguise(text)
    assert hidden == disguise(text) and hidden != text
    assert "zalo" not in hidden and "0987654321" not in hidden
    assert disguise("Áo đẹp, vải mát, mặc vừa vặn") == "Áo đẹp, vải mát, mặc vừa vặn"


def test_unmasked_text_maps_back_to_the_disguise():
    from tinnhiem.deobfuscate import unmasked

    text = "ib z a l o hoặc gọi 098.765.4321 nha"
    shown, offsets = unmasked(text)
    assert shown == "ib zalo hoặc gọi 0987654321 nha" and len(offsets) == len(shown)
    start = shown.index("zalo")
    assert text[offsets[start]:offsets[start + 3] + 1] == "z a l o"
    assert unmasked("Áo đẹp, vải mát") is None


def test_post_rules_read_through_disguises_and_quote_them():
    from tinnhiem import text as T
    from tinnhiem.detectors.registry import get
    from tinnhiem.model import PostView

    caption = "t.h.u.ố.c l.á đ.i.ệ.n t.ử giá sỉ, ship nhanh"
    found = list(get("banned_product").detect(PostView(key="tiktok:1", platform="tiktok", caption=caption), {}))
    assert [e.quote for f in found for e in f.evidence] == ["t.h.u.ố.c l.á đ.i.ệ.n t.ử"]
    assert len(T.views(T.SpokenText(caption))) == 1  # speech has no disguises: no unmasked view
