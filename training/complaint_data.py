"""Weak labels for ``complaint_intent`` (no labelled Vietnamese complaint dataset exists).

* complaint: AIVIVN reviews labelled NEGATIVE that mention a consumer problem (``PROBLEM``
  lexicon: fraud, counterfeit, damage, wrong/missing item, adverse reaction, no refund / no
  answer, does not work, ...), plus the hand-written ``SEED_COMPLAINT`` lines;
* other: AIVIVN reviews labelled POSITIVE with no problem word, ViHSD comments with no
  problem word (negativity and insults that are NOT consumer problems), plus ``SEED_OTHER``.
* dropped as ambiguous: negative reviews without a problem word, positive reviews with one,
  ViHSD comments with one.

So that the model learns the context of a complaint rather than the lexicon itself, the
matched problem words are deleted from half of the complaint training texts (seeded).
``HAND_EVAL`` is a separate hand-written check set (never trained on), phrased mostly
without lexicon words.

Real labels, small: the development half (odd ids) of the written creator-comment sets
``benchmarks/data/comments_vi_*.jsonl`` (comments under creators' posts and livestreams, each
labelled complaint or not; see ``benchmarks/data/README.md``) joins the training texts,
repeated ``WRITTEN_REPEAT`` times; their test half (even ids) is only measured
(``benchmarks/bench_models.py``).
"""

from __future__ import annotations

import random

import regex

from tinnhiem.text import fold
from written_sets import comment_sets

PROBLEM = [
    "lua dao", "lua dao khach", "bi lua", "lua nguoi", "hang gia", "hang nhai", "hang fake",
    "do fake", "fake", "hang dom", "dom", "hang dieu", "kem chat luong", "chat luong kem",
    "khong giong", "ko giong", "k giong", "khong nhu hinh", "khong nhu quang cao", "khac hinh",
    "khac anh", "khac mo ta", "sai mo ta", "khong dung mo ta", "sai mau", "sai size", "sai mau ma",
    "giao sai", "giao thieu", "giao nham", "giao nham hang", "thieu hang", "bi thieu", "thieu",
    "hang loi", "bi loi", "loi", "hong", "bi hong", "hu", "bi hu", "rach", "bi rach", "vo",
    "bi vo", "be", "mop", "mop meo", "bong troc", "phai mau", "ra mau", "di ung", "kich ung",
    "noi mun", "noi man", "ngua", "rat da", "dau bung", "tieu chay", "ngo doc", "khong tra loi",
    "ko tra loi", "khong phan hoi", "khong rep", "ko rep", "hoan tien", "doi tra", "tra hang",
    "doi hang", "that vong", "phi tien", "tien mat tat mang", "khong dung duoc",
    "ko dung duoc", "khong hoat dong", "khong chay", "khong sac duoc", "khong len", "chap chon",
    "het han", "han su dung", "da qua su dung", "hang cu", "mui hoi", "boc mui", "ban", "do bun",
    "khong hieu qua", "ko hieu qua", "khong tac dung", "ko tac dung", "vo dung", "te", "do te",
    "qua te", "dung mua", "khong nen mua", "dung tin", "boc phot", "phot", "report", "cau tha",
]
_PROBLEM_RE = regex.compile(r"(?<![a-z0-9])(?:" + "|".join(
    regex.escape(p).replace(r"\ ", r"\s+") for p in sorted(PROBLEM, key=len, reverse=True))
    + r")(?![a-z0-9])")


def lexicon_hit(text: str) -> bool:
    return _PROBLEM_RE.search(fold(text)) is not None


def mask_problem(text: str) -> str:
    """Delete the problem words (offsets are shared by ``fold`` and the text)."""
    out, pos = [], 0
    for m in _PROBLEM_RE.finditer(fold(text)):
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    return " ".join("".join(out).split())


SEED_COMPLAINT = [
    "Mua về dùng bị dị ứng nổi mẩn đỏ hết mặt, shop không trả lời tin nhắn",
    "lừa đảo, hàng fake 100% đừng mua mọi người ơi",
    "Hàng ko giống qc gì hết, đòi hoàn tiền thì shop im luôn",
    "Quảng cáo sai sự thật, mất tiền oan 500k",
    "uống 2 hộp chả thấy tác dụng gì, nhắn shop thì seen không rep",
    "đặt màu đen giao màu trắng, nhắn mãi không ai trả lời",
    "nhận hàng mở ra chai kem bị vỡ, chảy hết ra hộp",
    "sạc được 2 hôm thì hết lên nguồn",
    "chờ 3 tuần vẫn chưa nhận được hàng mà tiền thì trừ rồi",
    "bôi vào rát hết cả mặt, đỏ ửng lên, ai dùng cẩn thận",
    "review thì khen lấy khen để, mua về dùng như nước lã",
    "kem này hết hạn sử dụng từ tháng trước mà vẫn bán",
    "mình mua theo link của bạn mà nhận được hàng không có tem chống giả",
    "đơn hàng thiếu mất 2 món, shop bảo tự chịu",
    "hàng về bị trầy xước, hộp móp méo, đòi đổi thì shop bơ",
    "size ghi L mà mặc như size S, không đổi được",
    "uống vào bị đau bụng cả đêm, không dám dùng nữa",
    "kol quảng cáo sản phẩm này mà mình mua về dùng không giống như bạn nói",
    "mua 3 lần đều giao thiếu, gọi tổng đài không ai nghe máy",
    "sp dùng 1 tuần thì bong tróc hết, tiền nào của đó nhưng thế này thì tệ quá",
    "máy chạy được 5 phút là nóng ran rồi tắt ngúm",
    "tôi đã bị trừ tiền 2 lần mà shop không chịu hoàn",
    "shop giao hàng cũ đã qua sử dụng, còn dính tóc",
    "ib shop mấy ngày không thấy trả lời, hàng thì không thấy đâu",
    "dùng xong da nổi mụn li ti khắp trán",
    "chai nước hoa mùi cồn nồng nặc, khác hẳn hàng thật",
    "Mua về cắm vào không chạy, bảo hành thì đẩy qua đẩy lại",
    "hàng giả mà bán giá hàng thật, quá đáng",
    "tai nghe một bên không nghe được, nhắn shop bị chặn luôn",
    "giày mới đi 2 lần đã bung keo",
    "mấy bạn đừng ham rẻ mà mua, mình mua về dùng 1 lần là hỏng",
    "ăn vào bị ngứa khắp người phải đi viện",
    "kem chống nắng mà đi nắng về vẫn cháy đen, quảng cáo lố",
    "đặt hàng đã thanh toán mà shop huỷ đơn, tiền chưa trả lại",
    "bao bì khác hoàn toàn so với hình trên video",
    "son lên màu khác hẳn trong clip review",
]
SEED_OTHER = [
    "Mình dùng 2 tuần thấy da mịn hơn, không bị kích ứng gì",
    "Shop giao nhanh, đóng gói cẩn thận, sẽ ủng hộ tiếp",
    "Mọi người nên mua ở shop chính hãng để tránh hàng giả nha",
    "Cam kết không hiệu quả thì hoàn tiền 100%",
    "chị ơi sản phẩm này dùng cho da dầu được không ạ",
    "giá bao nhiêu ạ",
    "ship về Đà Nẵng không shop",
    "video hôm nay nhạt quá, không hay bằng mọi hôm",
    "nhạc nền bài gì vậy mọi người",
    "chị xinh quá, outfit đẹp ghê",
    "con này nói chuyện xàm, unfollow",
    "xem mà chán, toàn quảng cáo",
    "ai đi Đà Lạt tuần sau không",
    "hóng phần 2 ạ",
    "cho mình xin link với",
    "lần đầu mua mà hài lòng lắm, không có gì để chê",
    "tưởng hàng fake ai ngờ xịn thật",
    "giao hàng hơi chậm nhưng hàng đẹp, đáng tiền",
    "mua lần thứ 3 rồi vẫn ưng",
    "anh này nói hay quá, học được nhiều",
    "chủ kênh nói giọng miền nào vậy",
    "quay clip mà rung quá",
    "đồ ăn trông ngon thế",
    "hôm nay trời mưa to quá không đi đâu được",
    "shop tư vấn nhiệt tình, hàng y hình",
    "đã nhận được hàng, cảm ơn shop",
    "mặc vừa in, vải mát",
    "ủa có ai thấy clip này quen quen không",
    "tag bạn thân vào xem nè",
    "không thích kiểu make up này lắm",
]
HAND_EVAL = [
    ("mua về dùng được đúng 2 hôm là máy không lên nguồn nữa", "complaint"),
    ("đặt size M giao cho mình size XL, nhắn 3 ngày chưa ai rep", "complaint"),
    ("trả tiền rồi mà đợi cả tháng không thấy hàng đâu", "complaint"),
    ("bôi xong mặt đỏ rát, sưng cả lên", "complaint"),
    ("review khen nức nở mà mua về chả khác gì nước lọc", "complaint"),
    ("hộp bị móp, bên trong vỡ mất 2 lọ", "complaint"),
    ("shop bảo hàng chính hãng mà không có tem, mã vạch quét không ra", "complaint"),
    ("mặc 1 lần giặt đã phai hết màu", "complaint"),
    ("gọi hotline không ai nghe, inbox thì bị chặn", "complaint"),
    ("uống theo lời bạn quảng cáo 1 tháng, chẳng giảm được cân nào", "complaint"),
    ("hang ve bi thieu phu kien, shop khong chiu gui bu", "complaint"),
    ("dung xong bi noi mun khap mat luon", "complaint"),
    ("nhan hang ko dung mau da dat, doi thi shop bo", "complaint"),
    ("mua theo link cua ban ma nhan duoc hang nhai", "complaint"),
    ("đồ dùng 3 hôm đã gãy quai", "complaint"),
    ("tiền đã chuyển khoản mà shop lặn mất tăm", "complaint"),
    ("ai mua rồi thấy bị ngứa không, mình dùng bị ngứa quá", "complaint"),
    ("mùi hắc kinh khủng, dùng xong nhức đầu", "complaint"),
    ("sạc không vào pin, đem đi bảo hành thì shop bảo lỗi người dùng", "complaint"),
    ("quảng cáo giảm 50% mà vào đặt thì giá vẫn như cũ", "complaint"),
    ("video hay quá chị ơi", "other"),
    ("giá bao nhiêu vậy shop", "other"),
    ("ship về Cần Thơ mất mấy ngày ạ", "other"),
    ("nhìn mặt đã thấy ghét, nói chuyện như cái loa", "other"),
    ("clip này dài quá xem không nổi", "other"),
    ("dùng hết chai thứ 2 rồi, da cải thiện rõ", "other"),
    ("mua cho mẹ, mẹ khen mãi", "other"),
    ("không thích màu này lắm nhưng chất vải ok", "other"),
    ("chị ơi da khô dùng được không", "other"),
    ("đẹp trai quá anh ơi", "other"),
    ("thằng này hát dở tệ mà cũng bày đặt", "other"),
    ("hàng đúng mô tả, giao nhanh", "other"),
    ("san pham dung tot, se mua lai", "other"),
    ("cho minh hoi mua o dau vay", "other"),
    ("xem xong muốn đi du lịch ngay", "other"),
    ("ủa sao hôm nay không live vậy chị", "other"),
    ("bạn nói đúng quá, mình cũng nghĩ vậy", "other"),
    ("mấy đứa anti vào đây làm gì", "other"),
    ("đợi sale rồi mới mua", "other"),
    ("có ai dùng rồi cho xin review với", "other"),
]


WRITTEN_REPEAT = 6  # chosen with the threshold by training/experiment_complaint_cv.py
THRESHOLD = 0.3  # P(complaint) at or above which a comment is a complaint (same experiment)


def written_comments(half: str = "dev", field: str = "complaint") -> list[tuple[str, str]]:
    """``(text, "complaint" | "other")`` — or ``(text, sentiment)`` with ``field="sentiment"`` —
    of one half of the written creator-comment sets (``benchmarks/comment_sets.py``)."""
    return [(r["text"], r["sentiment"] if field == "sentiment" else
             ("complaint" if r["complaint"] else "other")) for r in comment_sets.load(half)]


def weak_labels(aivivn_rows, vihsd_rows, *, seed: int, mask: bool, seeds: bool = True):
    """``(texts, labels, counts)`` following the module docstring's rules."""
    rng = random.Random(seed)
    texts, labels = [], []
    counts = {"aivivn_complaint": 0, "aivivn_other": 0, "vihsd_other": 0, "dropped": 0}
    for r in aivivn_rows:
        hit = lexicon_hit(r["text"])
        if r["label"] == "1" and hit:
            text = mask_problem(r["text"]) if mask and rng.random() < 0.5 else r["text"]
            texts.append(text or r["text"])
            labels.append("complaint")
            counts["aivivn_complaint"] += 1
        elif r["label"] == "0" and not hit:
            texts.append(r["text"])
            labels.append("other")
            counts["aivivn_other"] += 1
        else:
            counts["dropped"] += 1
    for r in vihsd_rows:
        if lexicon_hit(r["free_text"]):
            counts["dropped"] += 1
            continue
        texts.append(r["free_text"])
        labels.append("other")
        counts["vihsd_other"] += 1
    if seeds:
        for _ in range(3):  # seeds repeated: a few dozen lines next to thousands
            texts += SEED_COMPLAINT + SEED_OTHER
            labels += ["complaint"] * len(SEED_COMPLAINT) + ["other"] * len(SEED_OTHER)
        counts["seed_complaint"], counts["seed_other"] = len(SEED_COMPLAINT), len(SEED_OTHER)
        written = written_comments("dev")
        for _ in range(WRITTEN_REPEAT):
            texts += [t for t, _ in written]
            labels += [y for _, y in written]
        counts["written_complaint"] = sum(y == "complaint" for _, y in written)
        counts["written_other"] = sum(y == "other" for _, y in written)
    return texts, labels, counts
