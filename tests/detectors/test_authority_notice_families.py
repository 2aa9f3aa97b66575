"""Round-6 families from the ad sentences authority notices cite (helpers of the code detectors)."""

from tinnhiem.detectors import _category, ad_disclosure, banned_product, missing_supplement_disclaimer as msd
from tinnhiem.detectors._common import commercial_signals, conveys_product
from tinnhiem.model import PostView


def post(text: str) -> PostView:
    return PostView(key="t", platform="facebook", caption=text)


def test_sanction_with_amount_is_not_promotion_with_and_without_diacritics():
    assert _category.not_promotion_hits(post("Sở Y tế phạt 40 triệu đồng cơ sở quảng cáo"))
    assert _category.not_promotion_hits(post("So Y te phat 40 trieu dong co so quang cao"))
    assert _category.not_promotion_hits(post("Thanh tra Sở Y tế kiểm tra cơ sở"))
    # a giveaway ("phát 100 nghìn") is not a fine when the text has diacritics
    assert not _category.not_promotion_hits(post("Mình phát 100 nghìn cho 10 bạn may mắn nhé"))
    # "bưởi thanh trà" (a fruit) is not an inspection
    assert not _category.not_promotion_hits(post("Bưởi thanh trà Huế ngọt lịm, giá 50k"))


def test_bare_price_is_not_a_follower_count():
    assert banned_product.scan(post("hộp 400g 189k"), ("caption",), banned_product._BARE_PRICE, exact=True)
    assert not banned_product.scan(post("kênh vừa đạt 10k follow"), ("caption",),
                                   banned_product._BARE_PRICE, exact=True)


def test_branded_pod_is_a_vape_but_not_airpods_or_coffee():
    assert banned_product._tobacco(post("Pod Velio chỉ còn 5 hộp cuối"))
    assert not banned_product._tobacco(post("AirPods Pro chỉ còn 5 hộp cuối"))
    assert not banned_product._tobacco(post("Pod Nespresso cà phê chỉ còn 5 hộp cuối"))


def test_self_medication_advice_is_promotion_but_a_personal_story_is_not():
    assert banned_product.promotional(post("Azithromycin cho bé, mẹ tự mua về cho con uống 3 ngày là khỏi"))
    assert banned_product.promotional(post("Azithromycin cho be, me tu mua ve cho con uong 3 ngay la khoi"))
    assert not banned_product.promotional(post("Mình tự mua Azithromycin về uống mà không đỡ"))


def test_boast_inside_a_warning_is_not_promotion():
    assert banned_product.promotional(post("Thuốc lá làm nóng X ít hại hơn thuốc lá thường"))
    assert not banned_product.promotional(post("Đừng tin thuốc lá làm nóng ít hại hơn thuốc lá thường"))


def test_collaboration_label_needs_a_sentence_start_and_a_brand_name():
    assert ad_disclosure._label_spans("Hợp tác với Resort Biển Xanh, phòng sạch")
    assert ad_disclosure._label_spans("Review nhanh. hop tac cung @lumi.vn nha")
    assert not ad_disclosure._label_spans("Mình hợp tác cùng nhãn hàng Lumi giới thiệu serum")
    assert not ad_disclosure._label_spans("Hợp tác với các bạn lâu dài nhé")


def test_pinned_and_own_links_convey_a_product():
    for text in ("ai cần thì link mình ghim ở comment", "ai can thi link minh ghim o comment",
                 "anh em order qua link mình nhé", "anh em order qua link minh nhe"):
        p = post(text)
        assert commercial_signals(p) and conveys_product(p), text


def test_drug_inside_the_product_is_not_a_supplement():
    assert not msd.promotion_cues(post("Viên tăng cân X chứa dexamethasone, tăng 5kg trong 1 tháng"))
    assert msd.promotion_cues(post("Viên tăng cân X giúp tăng 5kg trong 1 tháng, ib mình"))


def test_affiliate_link_as_the_call_to_buy_is_only_a_weak_marker():
    det = ad_disclosure.AdDisclosure()
    strong, weak = det._collect(post("Các mom đặt qua link affiliate của mình được giảm 5% nha"))
    assert not strong and weak
    strong, weak = det._collect(post("Bài này có link affiliate, mình nhận hoa hồng khi bạn mua"))
    assert strong
