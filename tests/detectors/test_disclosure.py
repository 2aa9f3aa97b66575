"""commercial_content, ad_disclosure and undisclosed_ad: the facts and the derived finding."""

from __future__ import annotations

import pytest

from tinnhiem.detectors.ad_disclosure import buried_in_hashtags
from tinnhiem.detectors.registry import all_detectors
from tinnhiem.engine import run
from tinnhiem.model import CreatorView, PostView, TranscriptSegment

FILLER = "Mình đã dùng kem này được ba tháng, da mịn và đều màu hơn rất nhiều so với trước đây. "


def findings(**post):
    post.setdefault("key", "tiktok:1")
    post.setdefault("platform", "tiktok")
    creator = CreatorView(key="i", name="n", posts=(PostView(**post),))
    return {f.detector: f for f in run(all_detectors().values(), creator).findings}


@pytest.mark.parametrize(
    "post, data",
    [
        ({"caption": "Quảng cáo | Son mới"}, {"strength": "strong", "position": 0, "prominent": True}),
        ({"caption": "Son mới #collab"}, {"strength": "weak", "position": 8, "prominent": False}),
        # "qc" (quảng cáo) is a weak tag, and only in text written with diacritics
        ({"caption": "Sản phẩm này mình dùng thấy rất thích, #qc nhẹ nha"}, {"strength": "weak"}),
        ({"caption": "Hợp tác với Resort Đồi Thông 🌲 phòng sạch, view đẹp"},
         {"strength": "strong", "position": 0, "prominent": True}),
        ({"caption": FILLER * 2 + "#quangcao"},
         {"strength": "strong", "position": len(FILLER) * 2, "prominent": False}),
        ({"caption": "Son mới #son #lip #beauty #quangcao"}, {"strength": "strong", "prominent": False}),
        ({"caption": "Son mới #quangcao #son"}, {"strength": "strong", "prominent": True}),
        ({"caption": "Đi chơi", "paid_partnership": True},
         {"strength": "strong", "prominent": True, "paid_flag": True}),
        ({"caption": "Video mới", "transcript": (TranscriptSegment(2, 5, "video này được tài trợ bởi A"),)},
         {"strength": "strong", "field": "transcript", "prominent": True}),
        ({"caption": "Video mới", "transcript": (TranscriptSegment(40, 45, "video này được tài trợ bởi A"),)},
         {"strength": "strong", "field": "transcript", "prominent": False}),
    ],
)
def test_ad_disclosure_data(post, data):
    f = findings(**post)["ad_disclosure"]
    assert {k: f.data[k] for k in data} == data
    assert f.severity == "info"


@pytest.mark.parametrize("caption", ["Không phải quảng cáo nha", "ko phải qc đâu", "#notsponsored",
                                     "not sponsored, mình tự mua"])
def test_negated_disclosure_is_not_disclosure(caption):
    assert "ad_disclosure" not in findings(caption=caption)


def test_buried_in_hashtags():
    text = "Son đẹp #a #b #c #quangcao"
    assert buried_in_hashtags(text, text.index("#quangcao"))
    assert not buried_in_hashtags("Son #a #quangcao", 7)


@pytest.mark.parametrize(
    "post, kind, severity",
    [
        ({"caption": "Mua ngay ở giỏ hàng nha"}, "missing", "major"),
        ({"caption": "Mua ngay ở giỏ hàng nha #spon"}, "ambiguous_only", "minor"),
        ({"caption": FILLER * 2 + "Mua ngay ở giỏ hàng #quangcao"}, "hidden_placement", "minor"),
        ({"caption": "Viên uống bổ gan, mua ngay giỏ hàng", "product_categories": ("health_supplement",)},
         "missing", "critical"),
        ({"caption": "Đi chơi", "declared_collaboration": True}, "missing", "major"),
    ],
)
def test_undisclosed_ad_kinds(post, kind, severity):
    f = findings(**post)["undisclosed_ad"]
    assert (f.data["kind"], f.severity) == (kind, severity)
    assert f.evidence and f.legal_source and f.rule_confidence == "V"


@pytest.mark.parametrize("post", [
    {"caption": "Quảng cáo: mua ngay ở giỏ hàng"},
    {"caption": "Mua ngay ở giỏ hàng", "paid_partnership": True},
    {"caption": "Hôm nay trời đẹp"},
])
def test_no_undisclosed_ad(post):
    assert "undisclosed_ad" not in findings(**post)


def test_commercial_signals_listed():
    f = findings(caption="Nhập mã ANH10 giảm 10%, giá chỉ 199k, link: https://shope.ee/abc",
                 paid_partnership=True)["commercial_content"]
    assert f.data["signals"] == ["affiliate_link", "discount_code", "shop_cta", "price", "paid_flag"]
    assert f.severity == "info"


def test_price_scan_skips_only_fields_without_digits():
    from tinnhiem.detectors import _common as C

    post = PostView(key="tiktok:1", platform="tiktok", caption="Son lì giá chỉ 199k, hàng chính hãng",
                    transcript=(TranscriptSegment(0, 5, "giá tốt lắm nha mọi người"),))
    assert C.scan_price(post, ("caption", "transcript")) == C.scan(
        post, ("caption", "transcript"), C._PRICE, exact=True)
    assert [e.quote for e in C.scan_price(post, ("caption", "transcript"))] == ["giá chỉ 199k"]
    assert C.scan_price(PostView(key="tiktok:2", platform="tiktok", caption="giá tốt, còn ít hàng"),
                        ("caption",)) == []


@pytest.mark.parametrize(
    "caption",
    [
        "Mở thẻ tín dụng qua link của mình được hoàn 300k nha mọi người",
        "ai cần thì đăng ký qua link ref của mình, nhận thêm 10% token",
        "Đồ ăn vặt ngon lắm, đặt qua link dưới nha, nhập BANH20 giảm 20k",
        "Sàn này uy tín, anh em nhắn mình gửi link đăng ký nha",
        "Kem này xài ổn lắm, để link cho ai cần 👇",
    ],
)
def test_referral_links_and_entered_codes_are_commercial(caption):
    # ("mua qua link affiliate của mình" is commercial too, but it also discloses the affiliate link)
    found = findings(caption=caption)
    assert "commercial_content" in found
    assert found["undisclosed_ad"].data["kind"] == "missing"


@pytest.mark.parametrize(
    "caption",
    [
        "Đừng bấm vào link lạ gửi qua tin nhắn, mình đã mất tài khoản vì vậy",
        "HÀNG NHẬP KHẨU CHÍNH HÃNG TỪ NHẬT, CHẤT LƯỢNG KIỂM ĐỊNH",
        "Mình nhập học trường mới rồi, vui ghê",
    ],
)
def test_link_warnings_and_import_words_are_not_commercial(caption):
    assert "commercial_content" not in findings(caption=caption)


@pytest.mark.parametrize("text, spans", [
    ("mua tại https://shopee.vn/abc?ref=1 nha", [(8, 35)]),
    ("ghé WWW.Shop.vn nhé", [(4, 15)]),
    ("ghé Www.shop.vn", [(4, 15)]),
    ("xem ftp://x.y", []),  # "://" there, no URL the pattern knows
    ("không có link nào, chỉ www thôi", []),
    ("", []),
])
def test_url_spans_with_and_without_the_literal_shortcut(text, spans):
    """``url_spans`` skips the regex when neither "://" nor "www." (any case) is in the text:
    the same spans as the regex alone."""
    from tinnhiem.detectors._disclosure_terms import _URL, url_spans

    assert url_spans(text) == spans == [m.span() for m in _URL.finditer(text)]
