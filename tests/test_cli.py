"""The CLI adapters: arguments in, one service call, output rendered."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tinnhiem.cli import app

runner = CliRunner()


def invoke(url, *args):
    return runner.invoke(app, ["--database-url", url, *args], catch_exceptions=False)


def test_import_json_counts_and_idempotency(sqlite_url, canonical_file):
    from tests.conftest import canonical_creator

    path = canonical_file(canonical_creator(1))
    first = invoke(sqlite_url, "import", "--json", str(path))
    assert first.exit_code == 0, first.output
    counts = json.loads(first.stdout.strip().splitlines()[-1])
    assert set(counts) == {"read", "inserted", "updated", "unchanged", "rejected"}
    assert counts["inserted"] == counts["read"] > 0 and counts["rejected"] == 0
    again = json.loads(invoke(sqlite_url, "import", "--json", str(path)).stdout.strip().splitlines()[-1])
    assert again["inserted"] == again["updated"] == 0 and again["unchanged"] == counts["read"]


def test_import_names_bad_line_and_field(sqlite_url, canonical_file):
    from tests.conftest import canonical_creator

    records = canonical_creator(2)
    records[1] = {**records[1], "platform": "tiktak"}
    path = canonical_file(records)
    result = invoke(sqlite_url, "import", "--json", str(path))
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert counts["rejected"] >= 1
    assert ":2:" in result.stderr and "platform" in result.stderr


def test_assess_and_report(sqlite_url, canonical_file, tmp_path):
    from tests.conftest import canonical_creator

    invoke(sqlite_url, "import", str(canonical_file(canonical_creator(3, posts=6, comments_per_post=5))))
    result = invoke(sqlite_url, "assess", "--json")
    assert result.exit_code == 0
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["influencer_key"] == "inf-003" and 0 <= line["total"] <= 100
    out = tmp_path / "r.md"
    assert invoke(sqlite_url, "report", "inf-003", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Báo cáo tín nhiệm: Nguyễn Thị Hương 3")
    html = invoke(sqlite_url, "report", "inf-003", "--format", "html").stdout
    assert html.lstrip().startswith("<!doctype html>")


def test_report_for_unknown_creator_fails_clearly(sqlite_url):
    invoke(sqlite_url, "init")
    result = invoke(sqlite_url, "report", "kol-9999")
    assert result.exit_code == 2
    assert "kol-9999" in result.stderr


def test_detect_batch(tmp_path):
    items = tmp_path / "items.jsonl"
    items.write_text(
        json.dumps({"id": "a", "text": "Kem chống nắng tốt nhất thị trường luôn mọi người ơi"}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "b", "text": "Hai bên đã thống nhất phương án hợp tác"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["detect", "--detector", "absolute_superlative", "--input", str(items), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    hit = lines[0]["findings"][0]
    assert hit["detector"] == "absolute_superlative" and hit["quote"].lower() == "tốt nhất thị trường"
    assert "Kem chống nắng tốt nhất thị trường luôn mọi người ơi"[hit["start"]:hit["end"]] == hit["quote"]
    assert lines[1]["findings"] == []


def test_detect_names_each_posts_product_categories(tmp_path):
    items = tmp_path / "items.jsonl"
    rows = [{"id": "text", "text": "Thuốc cường dương hàng Thái, tặng kèm kem dưỡng da, ship toàn quốc"},
            {"id": "declared", "text": "Mỗi ngày 2 viên", "product_categories": ["health_supplement"]},
            {"id": "none", "text": "Hôm nay trời đẹp quá"},
            {"id": "comment", "text": "kem này dùng thích lắm", "scope": "comment"}]
    items.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["detect", "--detector", "fake_urgency", "--input", str(items), "--output", str(out)])
    assert result.exit_code == 0, result.output
    lines = {x["id"]: x for x in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert lines["text"]["product_categories"] == [  # priority order: the drug before the cosmetic
        {"category": "drug", "from": "text", "cues": ["Thuốc cường dương"]},
        {"category": "cosmetics", "from": "text", "cues": ["kem dưỡng da"]}]
    assert lines["declared"]["product_categories"] == [{"category": "health_supplement", "from": "declared", "cues": []}]
    assert lines["none"]["product_categories"] == []
    assert "product_categories" not in lines["comment"]


@pytest.mark.parametrize("args", [["--all", "--detector", "x"], []])
def test_detect_needs_exactly_one_selection(tmp_path, args):
    items = tmp_path / "i.jsonl"
    items.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["detect", *args, "--input", str(items), "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2


def test_detect_bad_line_is_named(tmp_path):
    items = tmp_path / "i.jsonl"
    items.write_text('{"id": "a", "text": "ok"}\n{"id": "b"}\n', encoding="utf-8")
    result = runner.invoke(app, ["detect", "--all", "--input", str(items), "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "i.jsonl:2" in result.stderr and "text" in result.stderr
    assert not (tmp_path / "o.jsonl").exists()  # nothing half-written …
    assert [p.name for p in tmp_path.iterdir()] == ["i.jsonl"]  # … and no partial file left


def test_detect_reads_what_the_importer_reads(tmp_path):
    """A file saved with a byte-order mark and Windows line ends is read (as ``tinnhiem import``
    reads it); bytes that are not UTF-8 are named by line, not a traceback."""
    items = tmp_path / "i.jsonl"
    items.write_bytes('\ufeff{"id": "1", "text": "Kem tốt nhất"}\r\n\r\n{"id": "2", "text": "hay"}\r\n'.encode("utf-8"))
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["detect", "--all", "--input", str(items), "--output", str(out)]).exit_code == 0
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["1", "2"]
    items.write_bytes(b'{"id": "1", "text": "ok"}\n{"id": "2", "text": "Kem t\xe0t"}\n')  # (a Latin-1 "à")
    result = runner.invoke(app, ["detect", "--all", "--input", str(items), "--output", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2 and "i.jsonl:2" in result.stderr and "UTF-8" in result.stderr


def test_detect_names_a_line_with_half_an_emoji(tmp_path):
    """A lone "\\ud83d" (an emoji cut in two) is no Unicode character: the line is named,
    not a traceback from deep inside a detector; a whole emoji escaped as a pair is fine."""
    items = tmp_path / "i.jsonl"
    items.write_text('{"id": "a", "text": "Kem tốt nhất \\ud83d\\ude0d"}\n'
                     '{"id": "b", "text": "Kem tốt nhất \\uD83D mua ngay"}\n', encoding="utf-8")
    result = runner.invoke(app, ["detect", "--all", "--input", str(items), "--output", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "i.jsonl:2" in result.stderr and "'text'" in result.stderr and "\\ud83d" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["i.jsonl"]
    items.write_text('{"id": "a", "text": "Kem tốt nhất \\ud83d\\ude0d"}\n', encoding="utf-8")
    result = runner.invoke(app, ["detect", "--all", "--input", str(items), "--output", str(tmp_path / "o.jsonl")])
    out = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert result.exit_code == 0 and "errors" not in out and out["findings"]


def test_review_list_and_dismiss(sqlite_url, canonical_file):
    from tests.conftest import canonical_creator

    records = canonical_creator(4, posts=4, comments_per_post=5)
    records.append({"kind": "post", "account": {"platform": "tiktok", "platform_id": "tt00004"}, "post_id": "v1",
                    "published_at": "2026-03-20T20:00:00+07:00",
                    "caption": "Pod vape vị dưa hấu giá chỉ 250k, ib mình ship nha https://s.shopee.vn/AbC12xY"})
    invoke(sqlite_url, "import", str(canonical_file(records)))
    invoke(sqlite_url, "assess")
    listed = invoke(sqlite_url, "review", "list", "--json")
    items = [json.loads(x) for x in listed.stdout.strip().splitlines()]
    assert [i["detector"] for i in items] == ["banned_product"]
    result = invoke(sqlite_url, "review", "dismiss", items[0]["fingerprint"][:12], "--reason", "đồ chơi", "--reviewer", "an")
    assert result.exit_code == 0 and "inf-004" in result.stdout
    assert invoke(sqlite_url, "review", "list", "--json").stdout.strip() == ""
    missing = invoke(sqlite_url, "review", "confirm", "deadbeef", "--reason", "x", "--reviewer", "an")
    assert missing.exit_code == 2 and "deadbeef" in missing.stderr


def test_verify_account_start_then_check(sqlite_url, canonical_file):
    from tests.conftest import canonical_creator

    records = canonical_creator(5, posts=1, comments_per_post=0)
    invoke(sqlite_url, "import", str(canonical_file(records)))
    started = invoke(sqlite_url, "verify-account", "tiktok:tt00005", "--start")
    code = next(w for w in started.stdout.split() if w.startswith("TN-"))
    assert invoke(sqlite_url, "verify-account", "tiktok:tt00005").exit_code == 1
    records[1] = {**records[1], "bio": f"Liên hệ hợp tác qua email. {code}"}
    invoke(sqlite_url, "import", str(canonical_file(records, name="again.jsonl")))
    checked = invoke(sqlite_url, "verify-account", "tiktok:tt00005")
    assert checked.exit_code == 0 and "bio" in checked.stdout
    assert invoke(sqlite_url, "verify-account", "tiktok:nope").exit_code == 2


def test_detect_classifier_writes_label_and_scores(tmp_path):
    items = tmp_path / "c.jsonl"
    items.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "1", "text": "Sản phẩm tuyệt vời, giao hàng nhanh, đóng gói cẩn thận", "scope": "comment"},
        {"id": "2", "text": "hang te qua, dung 1 ngay la hu, that vong", "scope": "comment"},
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["detect", "-d", "comment_sentiment", "-i", str(items), "-o", str(out)]).exit_code == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["label"] for x in lines] == ["positive", "negative"]
    for x in lines:
        assert abs(sum(x["scores"].values()) - 1) < 1e-6 and "findings" in x


def test_detect_fake_account_reads_feature_lines(tmp_path):
    items = tmp_path / "a.jsonl"
    items.write_text(
        json.dumps({"id": "real", "followers": 850, "following": 310, "posts": 240, "has_profile_pic": True,
                    "is_private": False, "bio_length": 60}) + "\n"
        + json.dumps({"id": "fake", "followers": 3, "following": 4200, "posts": 0, "has_profile_pic": False,
                      "is_private": False, "bio_length": 0}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["detect", "-d", "fake_account", "-i", str(items), "-o", str(out)]).exit_code == 0
    lines = {x["id"]: x for x in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert lines["fake"]["label"] == "fake" and lines["real"]["label"] == "real"
    assert lines["fake"]["scores"]["fake"] > 0.5 > lines["real"]["scores"]["fake"]
    mixed = runner.invoke(app, ["detect", "-d", "fake_account", "-d", "comment_sentiment",
                                "-i", str(items), "-o", str(out)])
    assert mixed.exit_code == 2 and "fake_account" in mixed.stderr and "alone" in mixed.stderr


@pytest.mark.parametrize("line, named", [
    ({"id": "a", "followers": "many", "following": 50, "posts": 3}, "'followers'"),
    ({"id": "a", "followers": -5, "following": 50, "posts": 3}, "'followers'"),
    ({"id": "a", "follower": 100, "following": 50, "posts": 3}, "'follower'"),
    ({"id": "a", "followers": 100, "following": 50, "posts": 3, "has_profile_pic": "no"}, "'has_profile_pic'"),
    ({"id": "a", "followers": 100, "following": 50, "username": 1998}, "'username'"),
    ({"id": "a", "followers": 100}, "at least 3"),
    ({"id": "a", "text": "hay quá"}, "'text'"),
])
def test_detect_fake_account_names_a_bad_feature(tmp_path, line, named):
    """Before, a wrong value or a misspelt name was read as missing and the training mean put in
    its place: a line with no feature at all came out "real" with probability 0.93."""
    items = tmp_path / "a.jsonl"
    items.write_text(json.dumps({"id": "ok", "followers": 850, "following": 310, "posts": 240}) + "\n"
                     + json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["detect", "-d", "fake_account", "-i", str(items), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "a.jsonl:2" in result.stderr and named in result.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_detect_fake_account_reads_username_and_bio_as_text(tmp_path):
    from tinnhiem.detectors.models import fake_account

    assert fake_account.account_features({"id": "a", "username": "minh.anh_19982003", "bio": "Yêu mèo 🐱",
                                          "followers": 12}) == {"username_digits": 8, "bio_length": 9, "followers": 12}
    items = tmp_path / "a.jsonl"
    items.write_text(json.dumps({"id": "a", "username": "lan.nguyen", "bio": "", "followers": 10, "following": 900}) + "\n"
                     + json.dumps({"id": "b", "usernameDigitCount": 0, "userBiographyLength": 0, "userFollowerCount": 10,
                                   "userFollowingCount": 900}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert runner.invoke(app, ["detect", "-d", "fake_account", "-i", str(items), "-o", str(out)]).exit_code == 0
    a, b = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    assert a["scores"] == b["scores"]  # (the same inputs, read from text or given as counts)
