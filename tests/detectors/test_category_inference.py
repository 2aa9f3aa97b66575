"""Product categories inferred from a post's text (``detectors/_category.post_categories``).

Category rules apply to one category only (a drug ad's mandatory warning, a cosmetic's
drug-like claims), so a missed or a false category silences or fires them. These cases pin the
cues of rule round 41 and their near-misses; ``benchmarks/bench_category.py`` measures the
inference against the statement sets' product labels, and the floor below keeps it from
falling on set A's development half.
"""

from __future__ import annotations

import pytest
from repo_scripts import load_script

from tinnhiem.detectors._category import post_categories
from tinnhiem.engine import item_subject


def categories(text: str) -> list[str]:
    return list(post_categories(item_subject({"id": "p", "text": text, "platform": "facebook"})))


@pytest.mark.parametrize("text, category", [
    ("Máy xung điện trị liệu Kiện Khang, dùng 20 phút mỗi ngày hết đau lưng", "medical_device"),
    ("Đệm từ trường Phúc Lộc nằm mỗi đêm ngủ sâu hơn", "medical_device"),
    ("vong dieu hoa huyet ap Nhat, deo ca ngay, inbox shop", "medical_device"),
    ("Pod vị xoài lạnh 8000 hơi mới về, ship hỏa tốc", "tobacco"),
    ("pod moi ve vi nho, ae ib shop", "tobacco"),
    ("Ví điện tử Tiền Nhanh: đăng ký bằng mã giới thiệu nhận 50k", "finance"),
    ("Sàn forex uy tín, bot giao dịch tự động lãi đều mỗi tuần", "finance"),
    ("Thuốc cường dương hàng Thái, hộp 4 viên", "drug"),
    ("Isotretinoin 20mg trị mụn, không cần đơn", "drug"),
    ("Bút tiêm giảm cân hàng Nhật, tiêm 1 lần mỗi tuần", "drug"),
    ("Trà thảo mộc Tâm An uống mỗi sáng cho giấc ngủ ngon", "food"),
    ("Sữa hạt Mộc Gia cho bữa sáng, hộp 1 lít", "food"),
    ("Trà dây Tây Bắc nhà em, uống thay nước mỗi ngày", "food"),
    ("Sữa bầu Mẹ Yêu bổ sung axit folic cho thai kỳ", "food"),
])
def test_round_41_cues_name_their_category(text, category):
    assert category in categories(text)


@pytest.mark.parametrize("text, category", [
    # coffee and laundry pods are no vape
    ("Pod cà phê tương thích máy Nespresso, hộp 10 viên", "tobacco"),
    # a healer is no medicine; an ad-approval number belongs to every regulated product
    ("Kẹo rau củ Bảo An, được thầy thuốc Đông y 3 đời kiểm chứng", "drug"),
    ("Kem dưỡng Dr. Lumi làm mờ thâm. Số XNQC 2350/2025/XNQC-YTHCM", "drug"),
    # what the product replaces is not the product
    ("Trà Mộc An uống đều thì bỏ được thuốc tiểu đường luôn", "drug"),
    ("Muối dẻo tan mỡ, chỉ cần tắm là giảm, không cần đai quấn nóng", "medical_device"),
    # unaccented "hỏa tốc" and teencode "muốn" are no hair
    ("ao khoac moi ve, ship hoa toc noi thanh", "cosmetics"),
    ("giay the thao size 40, ai mun thu thi ib shop", "cosmetics"),
    # "tra" typed bare in a text without diacritics is mostly "tra cứu" / "trả"
    ("tra cuu don hang tai day, ship cod toan quoc", "food"),
    # a cosmetic's notification slip typed bare is no share
    ("shop chi ban my pham co phieu cong bo day du", "finance"),
])
def test_round_41_near_misses_do_not(text, category):
    assert category not in categories(text)


@pytest.mark.parametrize("text, first, absent", [
    # a milk's nutrients and benefits are the milk's, not a supplement's
    ("Sữa bột Bé Khỏe cho bé từ 2 tuổi, tăng cân đều, bổ sung canxi và vitamin D", "infant_formula",
     "health_supplement"),
    # a liquor's herbs and claims are the liquor's
    ("Rượu sâm Ngọc Linh 40 độ, uống bổ thận tráng dương", "alcohol", "health_supplement"),
    # "nam" (năm) and "da" (đã) typed bare beside another product are no cosmetic
    ("ruou whisky 12 nam tuoi hang chuan, da ve hang, ib em", "alcohol", "cosmetics"),
])
def test_words_that_describe_another_product_name_no_category_of_their_own(text, first, absent):
    found = categories(text)
    assert found[0] == first and absent not in found


@pytest.mark.parametrize("text, category", [
    ("Viên uống canxi Nano cho người lớn, uống mỗi ngày chắc xương", "health_supplement"),  # no milk named
    ("Thực phẩm bảo vệ sức khỏe Sâm Ngọc, ngâm rượu uống bổ thận", "health_supplement"),  # a product form
    ("kem nay boi 2 tuan het nam luon, ib em", "cosmetics"),  # no other product: the cosmetic stays
])
def test_the_same_words_still_count_alone_or_beside_a_product_form(text, category):
    assert category in categories(text)


def test_a_water_ioniser_is_no_medical_device():
    # a household appliance however it is advertised (round 41 left ionisers out of the lexicon)
    assert "medical_device" not in categories("Máy lọc nước ion kiềm Kanso, nước kiềm cho cả nhà")


# (precision, recall) floors per category on set A's development half, a little under what
# round 41 reaches (docs/performance.md has every set's figures)
FLOORS = {"drug": (0.6, 0.8), "cosmetics": (0.8, 0.9), "tobacco": (0.9, 0.9),
          "finance": (0.8, 0.9), "medical_device": (0.9, 0.8), "food": (0.6, 0.75)}


@pytest.fixture(scope="module")
def measured():
    bench = load_script("benchmarks/bench_category.py")
    rows = load_script("benchmarks/bench_rule_quality.py").load("dev")
    return bench.score(rows, bench.infer(rows))


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_category_stays_above_its_floor(measured, category):
    precision, recall = FLOORS[category]
    assert measured[category]["precision"] >= precision, measured[category]
    assert measured[category]["recall"] >= recall, measured[category]
