"""One import batch: prefetch what exists, then upsert records in file order.

Private to :mod:`tinnhiem.services.ingest`. A :class:`Batch` lives inside one transaction;
every record is fully validated (references resolved) before any of its rows is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from tinnhiem.sources.jsonl import RawLine, RecordError
from tinnhiem.store.tables import (
    Account,
    AudienceSample,
    Collaboration,
    CollaborationPost,
    Comment,
    Complaint,
    Influencer,
    MetricSnapshot,
    Post,
    PostProduct,
    Product,
)

IN_CHUNK = 900  # bound parameters per IN list
CACHE_LIMIT = 50_000  # ids kept per kind between batches (a miss costs one batched query)


@dataclass(frozen=True)
class Item:
    raw: RawLine
    record: dict[str, Any]  # NFC, validated, pseudonymised
    content_hash: str


@dataclass(frozen=True)
class Reject:
    raw: RawLine
    error: RecordError
    kind: str = "unknown"


class RefError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class IdCache:
    """natural key -> row id for referenced kinds, bounded (cleared when full)."""

    def __init__(self) -> None:
        self.ids: dict[str, dict[Any, int]] = {k: {} for k in ("influencer", "account", "post", "product")}

    def merge(self, batch_ids: dict[str, dict[Any, int]]) -> None:
        for kind, ids in batch_ids.items():
            target = self.ids[kind]
            if len(target) + len(ids) > CACHE_LIMIT:
                target.clear()
            target.update(ids)


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    values = list(values)
    for i in range(0, len(values), IN_CHUNK):
        yield values[i : i + IN_CHUNK]


def _utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None


def _strip_prefix(values: list[str] | None, prefix: str) -> list[str]:
    return [v[1:] if v.startswith(prefix) else v for v in (values or [])]


def _transcript(value: Any, duration: float | None) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [{"start": 0.0, "end": float(duration or 0.0), "text": value}]
    return [{"start": float(s["start"]), "end": float(s["end"]), "text": s["text"]} for s in value]


def _account_key(ref: dict[str, str]) -> tuple[str, str]:
    return (ref["platform"], ref["platform_id"])


def _post_key(ref: dict[str, str]) -> tuple[str, str]:
    return (ref["platform"], ref["post_id"])


# natural key of the record itself, for the kinds whose key needs no database id
def _own_key(record: dict[str, Any]) -> Any:
    kind = record["kind"]
    if kind in ("influencer", "product", "collaboration", "complaint"):
        return record["id"]
    if kind == "account":
        return (record["platform"], record["platform_id"])
    if kind == "post":
        return (record["account"]["platform"], record["post_id"])
    if kind == "comment":
        return (record["post"]["platform"], record["comment_id"])
    return None  # metric_snapshot / audience_sample: keyed by account id


def _refs(record: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    kind = record["kind"]
    if "influencer_id" in record:
        yield "influencer", record["influencer_id"]
    if kind in ("post", "metric_snapshot", "audience_sample"):
        yield "account", _account_key(record["account"])
    if kind in ("comment", "complaint") and record.get("post"):
        yield "post", _post_key(record["post"])
    for product in record.get("product_ids", ()):
        yield "product", product
    if kind == "collaboration":
        if record.get("product_id"):
            yield "product", record["product_id"]
        for ref in record.get("posts", ()):
            yield "post", _post_key(ref)


_KEYED = {  # kind -> (model, key columns)
    "influencer": (Influencer, ("key",)),
    "product": (Product, ("key",)),
    "collaboration": (Collaboration, ("key",)),
    "complaint": (Complaint, ("key",)),
    "account": (Account, ("platform", "platform_id")),
    "post": (Post, ("platform", "post_id")),
    "comment": (Comment, ("platform", "comment_id")),
}
# New rows are inserted in bulk, in this (dependency) order, at the end of the batch — or
# earlier, when a later record of the batch refers to a row still waiting.
_ORDER = ("influencer", "product", "account", "post", "collaboration",
          "comment", "complaint", "metric_snapshot", "audience_sample")
_LINKS = {  # owner kind -> (link table, owner column, other column)
    "post": (PostProduct.__table__, "post_id", "product_id"),
    "collaboration": (CollaborationPost.__table__, "collaboration_id", "post_id"),
}


class Batch:
    """Upserts a list of items inside the caller's transaction."""

    def __init__(self, session: Session, cache: IdCache) -> None:
        self.session = session
        self.conn = session.connection()  # Core statements: no ORM overhead per row
        self.cache = cache
        self.ids: dict[str, dict[Any, int]] = {k: {} for k in cache.ids}  # found or created here
        self.existing: dict[str, dict[Any, tuple[int | None, str]]] = {}  # kind -> key -> (id, hash)
        self.pending: dict[str, dict[Any, dict[str, Any]]] = {k: {} for k in _ORDER}  # key -> row
        self.pending_links: dict[str, dict[Any, list[int]]] = {k: {} for k in _LINKS}  # owner key -> ids
        self.now = datetime.now(timezone.utc)
        self.inserted_tables: set[str] = set()  # tables that grew in this batch

    # ------------------------------------------------------------------ driver

    def apply(self, items: list[Item]) -> dict[int, str | Reject]:
        self._prefetch(items)
        outcomes: dict[int, str | Reject] = {}
        for item in items:
            try:
                outcomes[item.raw.line_no] = getattr(self, "_" + item.record["kind"])(item)
            except RefError as exc:
                error = RecordError(str(item.raw.path), item.raw.line_no, exc.field, exc.message)
                outcomes[item.raw.line_no] = Reject(item.raw, error, item.record["kind"])
        for kind in _ORDER:
            self._flush_kind(kind)
        return outcomes

    def _flush_kind(self, kind: str) -> None:
        """Insert the waiting rows of ``kind`` (one executemany), then their link rows."""
        rows = self.pending[kind]
        if not rows:
            return
        keys, table = list(rows), _table(kind)
        if kind not in self.ids and kind not in _LINKS:
            self.conn.execute(insert(table), [rows[k] for k in keys])
            rows.clear()
            return
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        new_ids = self.conn.execute(stmt, [rows[k] for k in keys]).scalars().all()
        rows.clear()
        existing = self.existing[kind]
        for key, row_id in zip(keys, new_ids, strict=True):
            existing[key] = (row_id, existing[key][1])
            if kind in self.ids:
                self.ids[kind][key] = row_id
        links = self.pending_links.get(kind)
        if links:
            link_table, owner_col, other_col = _LINKS[kind]
            link_rows = [{owner_col: existing[key][0], other_col: other}
                         for key, others in links.items() for other in dict.fromkeys(others)]
            links.clear()
            if link_rows:
                self.conn.execute(insert(link_table), link_rows)

    # ------------------------------------------------------------------ prefetch

    def _prefetch(self, items: list[Item]) -> None:
        wanted: dict[str, set[Any]] = {kind: set() for kind in _KEYED}
        for item in items:
            record = item.record
            own = _own_key(record)
            if own is not None:
                wanted[record["kind"]].add(own)
            for kind, key in _refs(record):
                if key not in self.cache.ids[kind]:
                    wanted[kind].add(key)
        for kind, keys in wanted.items():
            if keys:
                self._fetch_keyed(kind, keys)
        self._fetch_by_account(items)

    def _fetch_keyed(self, kind: str, keys: set[Any]) -> None:
        model, columns = _KEYED[kind]
        found = self.existing.setdefault(kind, {})
        ids = self.ids.get(kind)
        if len(columns) == 1:
            groups = {None: keys}
        else:
            groups = {}
            for first, second in keys:
                groups.setdefault(first, set()).add(second)
        for first, values in groups.items():
            for chunk in _chunks(values):
                query = select(model.id, model.content_hash, *(getattr(model, c) for c in columns))
                if first is None:
                    query = query.where(getattr(model, columns[0]).in_(chunk))
                else:
                    query = query.where(getattr(model, columns[0]) == first,
                                        getattr(model, columns[1]).in_(chunk))
                for row in self.conn.execute(query):
                    key = row[2] if len(columns) == 1 else (row[2], row[3])
                    found[key] = (row[0], row[1])
                    if ids is not None:
                        ids[key] = row[0]

    def _fetch_by_account(self, items: list[Item]) -> None:
        for kind, model, day_col in (
            ("metric_snapshot", MetricSnapshot, "observed_on"),
            ("audience_sample", AudienceSample, "sampled_on"),
        ):
            found = self.existing.setdefault(kind, {})
            account_ids, days = set(), set()
            for item in items:
                if item.record["kind"] == kind:
                    account_id = self._lookup("account", _account_key(item.record["account"]))
                    if account_id is not None:
                        account_ids.add(account_id)
                        days.add(_day(item.record[day_col]))
            if not account_ids:
                continue
            extra = [model.follower_pseudonym] if kind == "audience_sample" else []
            day = getattr(model, day_col)
            for chunk in _chunks(account_ids):
                query = select(model.id, model.content_hash, model.account_id, day, *extra).where(
                    model.account_id.in_(chunk), day.in_(sorted(days))
                )
                for row in self.conn.execute(query):
                    found[tuple(row[2:])] = (row[0], row[1])

    # ------------------------------------------------------------------ references

    def _lookup(self, kind: str, key: Any) -> int | None:
        found = self.ids[kind].get(key)
        if found is None and key in self.pending[kind]:
            self._flush_kind(kind)  # a row of this batch, not written yet
            found = self.ids[kind].get(key)
        return found if found is not None else self.cache.ids[kind].get(key)

    def _ref(self, kind: str, key: Any, field: str) -> int:
        found = self._lookup(kind, key)
        if found is None:
            shown = ":".join(key) if isinstance(key, tuple) else key
            raise RefError(field, f"unknown {kind} '{shown}' (import the {kind} record before records that refer to it)")
        return found

    # ------------------------------------------------------------------ writing

    def _upsert(self, kind: str, key: Any, values: dict[str, Any], digest: str) -> tuple[str, int | None]:
        """Insert (deferred), update or skip one row; returns (status, id or None while deferred)."""
        table = _table(kind)
        existing = self.existing.setdefault(kind, {})
        values = {**values, "content_hash": digest, "updated_at": self.now}
        found = existing.get(key)
        if found is not None:
            row_id, old_digest = found
            if old_digest == digest:
                return "unchanged", row_id
            existing[key] = (row_id, digest)
            if row_id is None:  # repeated within this batch, not written yet
                self.pending[kind][key] = {**self.pending[kind][key], **values}
            else:
                self.conn.execute(update(table).where(table.c.id == row_id).values(**values))
            return "updated", row_id
        values["created_at"] = self.now
        existing[key] = (None, digest)
        self.inserted_tables.add(table.name)
        self.pending[kind][key] = values
        return "inserted", None

    def _set_links(self, kind: str, key: Any, owner_id: int | None, others: list[int]) -> None:
        """Make the link rows of one owner (post -> products, collaboration -> posts) ``others``."""
        if owner_id is None:  # owner not written yet: links go in after it
            self.pending_links[kind][key] = others
            return
        table, owner_col, other_col = _LINKS[kind]
        self.conn.execute(delete(table).where(table.c[owner_col] == owner_id))
        rows = [{owner_col: owner_id, other_col: other} for other in dict.fromkeys(others)]
        if rows:
            self.conn.execute(insert(table), rows)

    # ------------------------------------------------------------------ kinds

    def _influencer(self, item: Item) -> str:
        r = item.record
        values = {"key": r["id"], "name": r["name"], "niches": r.get("niches", []),
                  "province": r.get("province"), "bio": r.get("bio")}
        return self._upsert("influencer", r["id"], values, item.content_hash)[0]

    def _account(self, item: Item) -> str:
        r = item.record
        values = {"influencer_id": self._ref("influencer", r["influencer_id"], "influencer_id"),
                  "platform": r["platform"], "platform_id": r["platform_id"], "handle": r["handle"],
                  "url": r.get("url"), "followers": r.get("followers"), "bio": r.get("bio"),
                  "verified": r.get("verified")}
        return self._upsert("account", _own_key(r), values, item.content_hash)[0]

    def _post(self, item: Item) -> str:
        r = item.record
        account_id = self._ref("account", _account_key(r["account"]), "account")
        products = [self._ref("product", p, f"product_ids[{i}]") for i, p in enumerate(r.get("product_ids", []))]
        metrics = r.get("metrics") or {}
        values = {"account_id": account_id, "platform": r["account"]["platform"], "post_id": r["post_id"],
                  "url": r.get("url"), "published_at": _utc(r["published_at"]), "format": r.get("format", "video"),
                  "caption": r.get("caption", ""), "transcript": _transcript(r.get("transcript"), r.get("duration_s")),
                  "hashtags": _strip_prefix(r.get("hashtags"), "#"), "links": r.get("links", []),
                  "mentions": _strip_prefix(r.get("mentions"), "@"),
                  "paid_partnership": r.get("paid_partnership", False), "duration_s": r.get("duration_s"),
                  "language": r.get("language"), **{m: metrics.get(m) for m in ("views", "likes", "comments", "shares")}}
        key = _own_key(r)
        status, post_id = self._upsert("post", key, values, item.content_hash)
        if status != "unchanged":
            self._set_links("post", key, post_id, products)
        return status

    def _comment(self, item: Item) -> str:
        r = item.record
        values = {"post_id": self._ref("post", _post_key(r["post"]), "post"), "platform": r["post"]["platform"],
                  "comment_id": r["comment_id"], "author_pseudonym": r["author"], "text": r["text"],
                  "published_at": _utc(r.get("published_at")), "likes": r.get("likes"), "parent_id": r.get("parent_id")}
        return self._upsert("comment", _own_key(r), values, item.content_hash)[0]

    def _metric_snapshot(self, item: Item) -> str:
        r = item.record
        account_id = self._ref("account", _account_key(r["account"]), "account")
        observed_on = _day(r["observed_on"])
        values = {"account_id": account_id, "observed_on": observed_on,
                  **{m: r.get(m) for m in ("followers", "following", "posts", "views", "likes")}}
        return self._upsert("metric_snapshot", (account_id, observed_on), values, item.content_hash)[0]

    def _audience_sample(self, item: Item) -> str:
        r = item.record
        account_id = self._ref("account", _account_key(r["account"]), "account")
        sampled_on, follower = _day(r["sampled_on"]), r["follower"]
        values = {"account_id": account_id, "sampled_on": sampled_on, "follower_pseudonym": follower["id"],
                  **{f: follower.get(f) for f in ("followers", "following", "posts", "has_profile_pic",
                                                   "is_private", "bio_length", "username_digits")}}
        key = (account_id, sampled_on, follower["id"])
        return self._upsert("audience_sample", key, values, item.content_hash)[0]

    def _product(self, item: Item) -> str:
        r = item.record
        values = {"key": r["id"], "name": r["name"], "brand": r.get("brand"), "category": r["category"],
                  "registration_number": r.get("registration_number")}
        return self._upsert("product", r["id"], values, item.content_hash)[0]

    def _collaboration(self, item: Item) -> str:
        r = item.record
        influencer_id = self._ref("influencer", r["influencer_id"], "influencer_id")
        product_id = self._ref("product", r["product_id"], "product_id") if r.get("product_id") else None
        posts = [self._ref("post", _post_key(p), f"posts[{i}]") for i, p in enumerate(r.get("posts", []))]
        values = {"key": r["id"], "influencer_id": influencer_id, "brand": r["brand"], "product_id": product_id,
                  "declared_by": r["declared_by"], "compensation": r.get("compensation"),
                  "start_on": _day(r["start_on"]), "end_on": _day(r.get("end_on"))}
        status, collab_id = self._upsert("collaboration", r["id"], values, item.content_hash)
        if status != "unchanged":
            self._set_links("collaboration", r["id"], collab_id, posts)
        return status

    def _complaint(self, item: Item) -> str:
        r = item.record
        values = {"key": r["id"], "influencer_id": self._ref("influencer", r["influencer_id"], "influencer_id"),
                  "post_id": self._ref("post", _post_key(r["post"]), "post") if r.get("post") else None,
                  "filed_at": _utc(r["filed_at"]), "category": r["category"], "text": r["text"],
                  "status": r["status"]}
        return self._upsert("complaint", r["id"], values, item.content_hash)[0]


_MODELS = {
    "influencer": Influencer, "account": Account, "post": Post, "comment": Comment,
    "metric_snapshot": MetricSnapshot, "audience_sample": AudienceSample, "product": Product,
    "collaboration": Collaboration, "complaint": Complaint,
}


def _table(kind: str) -> Table:
    return _MODELS[kind].__table__  # type: ignore[return-value]
