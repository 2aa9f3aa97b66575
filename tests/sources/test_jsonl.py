"""Reading and validating canonical JSON Lines: every error names file, line and field."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tinnhiem.sources.jsonl import RecordError, iter_jsonl, load_schema, validate_record

POST = {"kind": "post", "account": {"platform": "tiktok", "platform_id": "tt1"}, "post_id": "p1",
        "published_at": "2026-03-01T19:30:00+07:00", "caption": "Sữa rửa mặt tốt nhất"}


def _with(**changes) -> dict:
    record = json.loads(json.dumps(POST))
    for path, value in changes.items():
        target = record
        *parents, last = path.split("__")
        for p in parents:
            target = target[p]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return record


@pytest.mark.parametrize(
    ("record", "field", "fragment"),
    [
        (_with(account__platform="tiktak"), "account.platform", "'tiktak' is not one of"),
        (_with(post_id=KeyError), "post_id", "is required but missing"),
        (_with(published_at="2026-02-30T10:00:00Z"), "published_at", "is not a 'date-time'"),
        (_with(published_at="2026-03-01 10:00"), "published_at", "2026-03-01 10:00"),
        (_with(published_at="2026-03-01T10:00:00"), "published_at", "2026-03-01T10:00:00"),  # no zone
        (_with(hashtags=["ok", 3]), "hashtags[1]", "is not of type 'string'"),
        (_with(colour="red"), "colour", "is not a known field"),
        (_with(transcript=[{"start": 0, "end": 1}]), "transcript[0].text", "is required"),
        (_with(metrics={"views": -1}), "metrics.views", "less than the minimum"),
        (_with(post_id="has space"), "post_id", "does not match"),
        (_with(kind="reel"), "kind", "'reel' is not one of"),
        ({"id": "x"}, "kind", "is required but missing"),
        ({"kind": "metric_snapshot", "account": {"platform": "youtube", "platform_id": "UC1"},
          "observed_on": "2026-13-01"}, "observed_on", "is not a 'date'"),
        ({"kind": "comment", "post": {"platform": "youtube", "post_id": "v1"}, "comment_id": "c1",
          "text": "hay"}, "author", "is required"),
        # a long value: what is wrong stays in the message, the value is shortened
        (_with(caption="a" * 2_000_000), "caption", "is too long (2,000,000 characters, at most 20,000)"),
        (_with(hashtags=["x"] * 500), "hashtags", "has too many items (500, at most"),
        (_with(metrics={"views": "9" * 1000}), "metrics.views", "…' is not of type 'integer'"),
        (_with(transcript=[{"start": 0, "end": 4, "text": "a"}, {"start": 5, "end": 2, "text": "b"}]),
         "transcript[1].end", "2 is before the segment's start 5"),
    ],
)
def test_schema_errors_name_the_field(record: dict, field: str, fragment: str) -> None:
    error = validate_record(record, file="posts.jsonl", line=17)
    assert isinstance(error, RecordError)
    assert error.field == field
    assert fragment in error.message
    assert str(error).startswith(f"posts.jsonl:17: field '{field}': ")
    assert len(error.message) <= 300


def test_valid_records_pass() -> None:
    assert validate_record(POST, file="f", line=1) is None
    assert validate_record(_with(transcript="Xin chào cả nhà", duration_s=12.5), file="f", line=1) is None
    assert validate_record(_with(published_at="2026-03-01T12:30:00Z"), file="f", line=1) is None


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(load_schema())


def test_reader_streams_numbers_lines_and_reports_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        "\ufeff" + json.dumps(POST, ensure_ascii=False),
        "",
        "   ",
        '{"kind": "post", "post_id": ',
        "[1, 2]",
        json.dumps(_with(account__platform="tiktak")),
        json.dumps(_with(caption="a\u0000b")),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = iter_jsonl(path)
    assert isinstance(results, types.GeneratorType)
    results = list(results)
    assert [line for _, line, _ in results] == [1, 4, 5, 6, 7]
    assert results[0][2] == POST
    assert str(results[1][2]).startswith(f"{path}:4: invalid JSON:")
    assert "expected a JSON object" in str(results[2][2])
    assert results[3][2].field == "account.platform"
    assert results[4][2].field == "caption" and "NUL" in results[4][2].message


def test_reader_names_the_field_holding_half_an_emoji(tmp_path: Path) -> None:
    """JSON's "\\ud83d" escape alone decodes to an unpaired surrogate, which no database, hash or
    UTF-8 file can take: the line is rejected with its field; a pair is one emoji and passes."""
    path = tmp_path / "surrogates.jsonl"
    lines = [
        json.dumps(_with(caption="Kem \U0001F60D")),  # (ASCII JSON: the emoji as the pair \ud83d\ude0d)
        json.dumps(_with(caption="Kem \ud83d tốt")),
        json.dumps(_with(hashtags=["ok", "cut\udc00"]), ensure_ascii=False).replace("\udc00", "\\uDC00"),
        json.dumps(_with(caption="Kem \ud83d tốt")).replace("\\ud83d", "\\ud83d\\ude0d"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = [r for _, _, r in iter_jsonl(path)]
    assert results[0]["caption"] == "Kem \U0001F60D" and results[3]["caption"] == "Kem \U0001F60D tốt"
    assert isinstance(results[1], RecordError) and results[1].field == "caption"
    assert "\\ud83d" in results[1].message and "surrogate" in results[1].message
    assert isinstance(results[2], RecordError) and results[2].field == "hashtags[1]" and "\\udc00" in results[2].message


def test_reader_reports_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(POST).encode() + b"\n" + '{"kind": "influencer", "id": "a", "name": "Hương"}'.encode("latin-1", "replace").replace(b"?", b"\xe0") + b"\n")
    (_, _, first), (_, line, second) = list(iter_jsonl(path))
    assert first == POST
    assert line == 2 and isinstance(second, RecordError) and "UTF-8" in second.message


def test_reader_without_validation_returns_raw_dicts(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"kind": "nope"}) + "\n", encoding="utf-8")
    assert list(iter_jsonl(path, validate=False))[0][2] == {"kind": "nope"}


def test_nan_and_infinity_are_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nan.jsonl"
    path.write_text('{"kind": "post", "duration_s": NaN}\n{"kind": "post", "duration_s": Infinity}\n', encoding="utf-8")
    errors = [value for _, _, value in iter_jsonl(path)]
    assert all(isinstance(e, RecordError) and "not a JSON number" in e.message for e in errors)


# The fast path must never accept what jsonschema rejects: mutate valid records at random.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tinnhiem.sources import jsonl as _jsonl  # noqa: E402

_SAMPLES = [
    POST,
    _with(transcript=[{"start": 0, "end": 1.5, "text": "Xin chào"}], metrics={"views": 3}, hashtags=["a"],
          product_ids=["sp-1"], duration_s=3, format="short"),
    {"kind": "comment", "post": {"platform": "youtube", "post_id": "v1"}, "comment_id": "c1", "author": "a",
     "text": "hay", "published_at": "2026-03-01T10:00:00Z", "likes": 2, "parent_id": None},
    {"kind": "collaboration", "id": "hd", "influencer_id": "i", "brand": "b", "declared_by": "brand",
     "start_on": "2026-01-01", "end_on": None, "posts": [{"platform": "tiktok", "post_id": "p"}]},
    {"kind": "audience_sample", "account": {"platform": "tiktok", "platform_id": "a"}, "sampled_on": "2026-01-01",
     "follower": {"id": "f", "followers": 1, "has_profile_pic": True}},
    {"kind": "complaint", "id": "k", "influencer_id": "i", "post": None, "filed_at": "2026-01-01T00:00:00+07:00",
     "category": "other", "text": "t", "status": "received"},
]
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | st.sampled_from(
        ["", "tiktok", "x y", "2026-03-01", "2026-03-01T10:00:00Z", "2026-02-30", "a" * 201]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["start", "end", "text", "x", "platform", "post_id"]), inner, max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SAMPLES), st.data(), _json_values, st.booleans())
def test_fast_path_is_never_laxer_than_jsonschema(sample, data, replacement, delete) -> None:
    record = json.loads(json.dumps(sample))
    paths = [p for p in _paths(record) if p]
    path = data.draw(st.sampled_from(paths))
    target = record
    for part in path[:-1]:
        target = target[part]
    if delete and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = replacement
    kind = record.get("kind")
    fast = _jsonl._fast_checks().get(kind) if isinstance(kind, str) else None
    if fast is not None and fast(record):
        assert _jsonl._validators()[1][kind].is_valid(record), record
