"""The ground truth is complete and exact: every planted post shows the cue its detector looks
for, and no post, transcript or comment shows a cue that the ground truth does not list."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pytest

DISCLAIMER = "thuc pham nay khong phai la thuoc va khong co tac dung thay the thuoc chua benh"
STRONG = re.compile(r"quang ?cao|#?duoc ?tai ?tro|tai tro|#ad\b|#ads\b|hoa hong|tiep thi lien ket|thu lao|tra phi")
COMMERCIAL = re.compile(
    r"s\.shopee\.vn|shope\.ee|vt\.tiktok\.com|s\.lazada\.vn|go\.isclix\.com|ti\.ki/|nhap ma|gio hang|link bio"
    r"|link (o|trong) bio|chot don|link ghim|\bib\b|inbox|link mua|dat hang|link vao|gia chi|freeship"
    r"|deal hoi|ship (toan quoc|hoa toc)"
)
# the post points to a shop (link, cart, code, brand tag) — or names a relationship with a weak
# or late marker; a shop selling its own goods ("ib giá sỉ", "giá chỉ 99k") does not
CONVEYS = re.compile(
    r"s\.shopee\.vn|shope\.ee|vt\.tiktok\.com|s\.lazada\.vn|go\.isclix\.com|ti\.ki/|\blink\b|\bgio\b"
    r"|\bma\b|\bcode\b|@\w|#sp\b|#collab|cam on nhan hang|thanks |#gifted|#partner|hop tac cung|#pr\b"
    r"|duoc tang|#spon|#quangcao|#ad\b|#taitro"
)
CUES = {
    "absolute_superlative": re.compile(
        r"\b(tot|re|dep|hieu qua|an toan|chat luong|uy tin|nhanh|manh|xin|dinh|ban chay|hot|ngon|chuan|moi)\s+nhat\b"
        r"|\bduy nhat\b|\bso (1|mot)\b|\bno\.?\s?1\b|#1\b|\btop (1|dau)\b|\bhang dau\b|\bdan dau\b"
        r"|\bsieu viet\b|\bvo dich\b|\bbest\b|\bnumber one\b|\bdoc nhat\b|co mot khong hai|\btuyet doi\b"),
    "health_cure_claim": re.compile(
        r"\bchua (khoi|dut|benh)|\bdut diem\b|\bdieu tri\b|\bdac tri\b|\bchuyen tri\b|\btan goc\b|\bkhoi han\b"
        r"|\bhet benh\b|\bday lui\b|\btieu u\b|\btan u\b|\bthay the thuoc\b|\bbo thuoc\b|\bthan duoc\b"
        r"|\bhet (tieu duong|han dau)|\bha huyet ap\b|\btri mat ngu\b|giam \d+ ?kg trong|khong tac dung phu"
        r"|hieu qua 100|\btri (mun|nam|tham)\b|\bve binh thuong\b"),
    "equivalence_claim": re.compile(r"\b(1|mot) (vien|goi|ly|thia)\b[^.\n|]{0,30}(\bbang\b|=)"),
    "banned_product": re.compile(
        r"thuoc la|\bvape\b|\bpod\b|\biqos\b|\bheets\b|\bruou\b|whisky|vodka|sua cong thuc|sua bot|sua cho tre so sinh"
        r"|binh sua|nha cai (uy tin|win)|link vao nha cai|ca cuoc|\bcuoc\b|khang sinh|thuoc ke don|no hu lien"
        r"|tai xiu|game bai|soi keo|thuoc giam can"),
}
COMPLAINT = re.compile(
    r"lua dao|hang gia|di ung|khong giong quang cao|khong tra loi|ko ai tra loi|boc phot|mat tien oan|hang nhai"
    r"|treo dau de|kem chat luong|chat luong te|hoan tien|block|xoa binh luan|mot nen|report kenh|mun chi chit|mot dang")


def fold(text: str) -> str:
    out = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in out if unicodedata.category(ch) != "Mn").replace("đ", "d").replace("Đ", "D")
    return re.sub(r"\s+", " ", out).lower()


def _text(post: dict) -> str:
    segs = post.get("transcript") or []
    spoken = " | ".join(s["text"] for s in segs) if isinstance(segs, list) else segs
    return fold(post["caption"] + " \n " + spoken).replace(DISCLAIMER, " ")


@pytest.fixture(scope="module")
def posts(records: dict) -> dict[str, dict]:
    return {f"{p['account']['platform']}:{p['post_id']}": p for p in records["03-posts.jsonl"]}


@pytest.fixture(scope="module")
def owner(records: dict) -> dict[str, str]:
    acc = {(r["platform"], r["platform_id"]): r["influencer_id"] for r in records["01-influencers.jsonl"] if r["kind"] == "account"}
    return {f"{p['account']['platform']}:{p['post_id']}": acc[(p["account"]["platform"], p["account"]["platform_id"])]
            for p in records["03-posts.jsonl"]}


@pytest.fixture(scope="module")
def planted(truth: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for e in truth["planted"]:
        out[e["subject"]].add(e["expected_detector"])
    return out


def test_every_planted_subject_exists(truth: dict, records: dict, posts: dict) -> None:
    accounts = {f"{r['platform']}:{r['platform_id']}" for r in records["01-influencers.jsonl"] if r["kind"] == "account"}
    comments = {f"{c['post']['platform']}:{c['comment_id']}" for c in records["04-comments.jsonl"]}
    kinds = {"post": set(posts), "account": accounts, "comment": comments, "influencer": set(truth["creators"])}
    for e in truth["planted"]:
        assert e["subject"] in kinds[e["subject_kind"]], e
        assert e["influencer"] in truth["creators"] and e["behaviour"] in truth["creators"][e["influencer"]]["behaviours"]


def test_honest_creators_have_no_planted_entries(truth: dict) -> None:
    honest = {k for k, v in truth["creators"].items() if v["behaviours"] == ["honest"]}
    assert not [e for e in truth["planted"] if e["influencer"] in honest]


def test_honest_commercial_posts_disclose_prominently(posts: dict, owner: dict, truth: dict) -> None:
    honest = {k for k, v in truth["creators"].items() if v["behaviours"] == ["honest"]}
    checked = 0
    for key, post in posts.items():
        if owner[key] in honest and (COMMERCIAL.search(fold(post["caption"])) or post["product_ids"]):
            checked += 1
            assert post["paid_partnership"] or STRONG.search(fold(post["caption"])[:125]), post["caption"]
    assert checked >= 30


@pytest.mark.parametrize("detector", sorted(CUES))
def test_text_cues_match_ground_truth_exactly(detector: str, posts: dict, planted: dict) -> None:
    for key, post in posts.items():
        hit = bool(CUES[detector].search(_text(post)))
        assert hit == (detector in planted.get(key, set())), (detector, key, post["caption"][:300])


def test_undisclosed_ads_match_ground_truth(posts: dict, planted: dict) -> None:
    for key, post in posts.items():
        caption = fold(post["caption"])
        hidden = (bool(COMMERCIAL.search(caption)) and bool(CONVEYS.search(caption))
                  and not post["paid_partnership"] and not STRONG.search(caption[:125]))
        assert hidden == ("undisclosed_ad" in planted.get(key, set())), (key, post["caption"][:300])


def test_supplement_disclaimer_truth(posts: dict, planted: dict, records: dict) -> None:
    supplements = {p["id"] for p in records["02-products.jsonl"] if p["category"] == "health_supplement"}
    for key, post in posts.items():
        missing = bool(set(post["product_ids"]) & supplements) and DISCLAIMER not in fold(post["caption"])
        assert missing == ("missing_supplement_disclaimer" in planted.get(key, set())), key


def test_complaint_comments_match_ground_truth(records: dict, planted: dict) -> None:
    n = 0
    for c in records["04-comments.jsonl"]:
        key = f"{c['post']['platform']}:{c['comment_id']}"
        hit = bool(COMPLAINT.search(fold(c["text"])))
        n += hit
        assert hit == ("complaint_phrase" in planted.get(key, set())), c["text"]
    assert n >= 100


def test_every_violation_group_has_planted_evidence(truth: dict) -> None:
    by_group: dict[str, set[str]] = defaultdict(set)
    for e in truth["planted"]:
        by_group[e["behaviour"]].add(e["expected_detector"])
    assert by_group["undisclosed_ads"] >= {"undisclosed_ad"}
    assert by_group["illegal_claims"] >= {"absolute_superlative", "health_cure_claim", "equivalence_claim",
                                          "missing_supplement_disclaimer"}
    assert by_group["banned_products"] >= {"banned_product"}
    assert by_group["bought_followers"] == {"follower_spike"}
    assert by_group["angry_audience"] >= {"complaint_record", "complaint_phrase"}
    assert by_group["bought_engagement"] == {"engagement_anomaly"}
    assert by_group["comment_pod"] == {"comment_pod"}
    for cid, c in truth["creators"].items():
        if c["behaviours"] != ["honest"]:
            assert any(e["influencer"] == cid for e in truth["planted"]), cid


def test_claim_notes_quote_the_post(truth: dict, posts: dict) -> None:
    claims = {"absolute_superlative", "health_cure_claim", "equivalence_claim"}
    entries = [e for e in truth["planted"] if e["expected_detector"] in claims]
    assert len(entries) >= 20
    for e in entries:
        assert fold(e["note"]) in fold(posts[e["subject"]]["caption"]), e
