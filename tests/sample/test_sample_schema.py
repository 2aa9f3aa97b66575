"""Every line validates against the canonical schema and references resolve in file order."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from jsonschema import Draft202012Validator

from tinnhiem.sample import FILES


def _validator() -> Draft202012Validator:
    text = resources.files("tinnhiem").joinpath("schemas", "canonical-v1.schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_line_validates(world_dir: Path) -> None:
    validator = _validator()
    errors = []
    for name in FILES:
        for n, line in enumerate((world_dir / name).read_text("utf-8").splitlines(), 1):
            for err in validator.iter_errors(json.loads(line)):
                errors.append(f"{name}:{n}: {err.message}")
    assert errors == []


def test_files_are_in_dependency_order_and_references_resolve(records: dict[str, list[dict]]) -> None:
    influencers, accounts, posts, products, comments = set(), set(), set(), set(), set()
    for name in sorted(records):  # the importer reads files in sorted order
        for rec in records[name]:
            kind = rec["kind"]
            if kind == "influencer":
                influencers.add(rec["id"])
            elif kind == "account":
                assert rec["influencer_id"] in influencers
                accounts.add((rec["platform"], rec["platform_id"]))
            elif kind == "product":
                products.add(rec["id"])
            elif kind == "post":
                assert (rec["account"]["platform"], rec["account"]["platform_id"]) in accounts
                assert set(rec["product_ids"]) <= products
                posts.add((rec["account"]["platform"], rec["post_id"]))
            elif kind == "comment":
                assert (rec["post"]["platform"], rec["post"]["post_id"]) in posts
                assert rec["parent_id"] is None or rec["parent_id"] in comments
                comments.add(rec["comment_id"])
            elif kind in ("metric_snapshot", "audience_sample"):
                assert (rec["account"]["platform"], rec["account"]["platform_id"]) in accounts
            elif kind == "collaboration":
                assert rec["influencer_id"] in influencers and rec["product_id"] in products
                assert all((p["platform"], p["post_id"]) in posts for p in rec["posts"])
            elif kind == "complaint":
                assert rec["influencer_id"] in influencers
                assert rec["post"] is None or (rec["post"]["platform"], rec["post"]["post_id"]) in posts


def test_natural_keys_are_unique(records: dict[str, list[dict]]) -> None:
    posts = [(r["account"]["platform"], r["post_id"]) for r in records["03-posts.jsonl"]]
    comments = [(r["post"]["platform"], r["comment_id"]) for r in records["04-comments.jsonl"]]
    accounts = [(r["platform"], r["platform_id"]) for r in records["01-influencers.jsonl"] if r["kind"] == "account"]
    snaps = [(r["account"]["platform_id"], r["observed_on"]) for r in records["05-metrics.jsonl"]]
    for keys in (posts, comments, accounts, snaps):
        assert len(keys) == len(set(keys))


def test_platform_ids_look_real(records: dict[str, list[dict]]) -> None:
    for rec in records["01-influencers.jsonl"]:
        if rec["kind"] != "account":
            continue
        pid = rec["platform_id"]
        if rec["platform"] == "tiktok":
            assert pid.isdigit() and len(pid) == 19
        elif rec["platform"] == "youtube":
            assert pid.startswith("UC") and len(pid) == 24
        else:
            assert pid.isdigit()
    for rec in records["03-posts.jsonl"]:
        if rec["account"]["platform"] == "youtube":
            assert len(rec["post_id"]) == 11
        if rec["account"]["platform"] == "tiktok":
            assert rec["post_id"].isdigit() and len(rec["post_id"]) == 19


def test_text_is_nfc(records: dict[str, list[dict]]) -> None:
    import unicodedata

    def strings(x: object):  # type: ignore[no-untyped-def]
        if isinstance(x, str):
            yield x
        elif isinstance(x, dict):
            for v in x.values():
                yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)

    assert all(unicodedata.normalize("NFC", s) == s for rows in records.values() for r in rows for s in strings(r))
