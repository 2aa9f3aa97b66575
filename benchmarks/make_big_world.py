"""Build a database with 10,000 assessed creators for load-testing the web application.

Usage:
    .venv/bin/python benchmarks/make_big_world.py --url sqlite:///var/big/tinnhiem.sqlite --key-dir var/big/keys
    .venv/bin/python benchmarks/make_big_world.py --url postgresql+psycopg://postgres@127.0.0.1:5432/big ...

How (the load test measures the web layer, not the detectors, so assessments are cloned):

1. **Templates, fully real.** The sample generator writes ``--templates`` creators (default
   240: posts, comments, metrics, audience, collaborations, complaints); they are imported and
   assessed by the normal services (detectors + methodology), exactly as ``make demo`` does.
2. **Clones, realistic identities.** The generator's own cast builder draws the remaining
   creators (names, province, niches, follower tier and counts, platforms, handles, bios,
   behaviours), so platform, niche, province, tier and follower distributions are the
   generator's. Each clone copies the content of a template with the same primary behaviour,
   follower tier and main platform where one exists (falling back to behaviour and tier, then
   behaviour): its posts (new ids, moved to the clone's accounts, reach scaled to the clone's
   followers), follower snapshots (scaled), and its latest assessment with criterion scores,
   findings (subjects re-keyed to the clone's posts and accounts; fingerprints kept) and
   detector runs (and its ``creator_listing`` row, the search read model). Comments,
   audience samples, collaborations and complaints are not cloned
   (the templates have them), which keeps the build to minutes.
3. **Certificates, really signed.** Every eligible creator gets a verified ownership challenge
   on its main account (written directly: the bio round trip is not what is measured), then
   the normal ``certify`` service signs certificates and appends them to the transparency log.

Rows go in through SQLAlchemy bulk inserts of the ORM tables, in batches, on SQLite or
PostgreSQL alike. Prints a summary and the keys of a few creators.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, insert, select, text

from tinnhiem.sample import generate
from tinnhiem.sample.generator import _post_url
from tinnhiem.sample.world import Creator, IdMaker, build_creators
from tinnhiem.services import keys
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.certify import certify
from tinnhiem.services.ingest import import_files
from tinnhiem.services.listing import refresh_listing
from tinnhiem.services.ownership import new_code
from tinnhiem.services.reports import latest_assessments
from tinnhiem.store import db, tables

AT = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # when the big world is assessed and certified
ORIGIN = "tinnhiem.demo/log"
_SKIP = {"id", "created_at", "updated_at"}


@dataclass
class Template:
    key: str
    behaviour: str
    tier: str
    platform: str
    accounts: list[dict]
    posts: list[dict]  # with "_account": index into accounts
    snapshots: list[dict]  # with "_account"
    assessment: dict
    scores: list[dict]
    findings: list[dict]
    runs: list[dict]


def _row(obj, *, skip=frozenset()) -> dict:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in _SKIP | set(skip)}


def build_templates(factory, seed: int, n: int, work: Path) -> dict:
    """Generate, import and assess ``n`` real creators; return the generator's ground truth."""
    sample = work / "sample"
    generate(seed, sample, creators=n)
    report = import_files(factory, sorted(sample.glob("*.jsonl")))
    if report.rejected:
        raise SystemExit(f"template import rejected {report.rejected} records")
    assess_creators(factory, now=AT)
    return json.loads((sample / "ground_truth.json").read_text(encoding="utf-8"))["creators"]


def load_templates(factory, truth: dict) -> list[Template]:
    out = []
    with factory() as session:
        for a in sorted(latest_assessments(session), key=lambda a: a.influencer_id):
            inf = session.get(tables.Influencer, a.influencer_id)
            accounts = list(session.scalars(select(tables.Account).filter_by(influencer_id=inf.id)
                                            .order_by(tables.Account.id)))
            index = {acc.id: i for i, acc in enumerate(accounts)}
            posts = session.scalars(select(tables.Post).where(tables.Post.account_id.in_(index)))
            snaps = session.scalars(select(tables.MetricSnapshot).where(tables.MetricSnapshot.account_id.in_(index)))
            out.append(Template(
                key=inf.key, behaviour=truth[inf.key]["behaviours"][0], tier=truth[inf.key]["tier"],
                platform=accounts[0].platform,
                accounts=[_row(acc) for acc in accounts],
                posts=[{**_row(p, skip={"account_id"}), "_account": index[p.account_id]} for p in posts],
                snapshots=[{**_row(s, skip={"account_id"}), "_account": index[s.account_id]} for s in snaps],
                assessment={**_row(a, skip={"influencer_id"}), "created_at": a.created_at},  # when assessed
                scores=[_row(c, skip={"assessment_id"}) for c in a.scores],
                findings=[_row(f, skip={"assessment_id", "influencer_id"}) for f in a.findings],
                runs=[_row(r, skip={"assessment_id"}) for r in a.runs],
            ))
    return out


class Chooser:
    """Pick the template that best matches a generated creator (deterministic)."""

    def __init__(self, templates: list[Template], rng: random.Random) -> None:
        self.rng = rng
        self.groups: dict[tuple, list[Template]] = defaultdict(list)
        for t in templates:
            for k in ((t.behaviour, t.tier, t.platform), (t.behaviour, t.tier), (t.behaviour,), ()):
                self.groups[k].append(t)

    def __call__(self, c: Creator) -> Template:
        b = c.behaviours[0]
        for k in ((b, c.tier, c.main.platform), (b, c.tier), (b,), ()):
            if self.groups.get(k):
                return self.rng.choice(self.groups[k])
        raise LookupError("no templates")


def _hash(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _clone_identity(c: Creator, key: str) -> tuple[dict, list[dict]]:
    inf = {"key": key, "name": c.name, "niches": c.labels, "province": c.province, "bio": c.main.bio,
           "content_hash": _hash("influencer", key)}
    accounts = [{"platform": a.platform, "platform_id": a.platform_id, "handle": a.handle, "url": a.url,
                 "followers": a.followers, "bio": a.bio, "verified": a.verified,
                 "content_hash": _hash("account", a.platform, a.platform_id)} for a in c.accounts]
    return inf, accounts


def _scale(value, ratio: float):
    return None if value is None else max(0, int(value * ratio))


def _clone_content(t: Template, c: Creator, ids: IdMaker) -> tuple[list[dict], list[dict], dict[str, str]]:
    """The template's posts and snapshots moved onto the clone's accounts, and the subject-key
    mapping (template post/account keys → clone keys) for its findings."""
    n = len(c.accounts)
    target = [c.accounts[min(i, n - 1)] for i in range(len(t.accounts))]
    ratio = [target[i].followers / max(1, t.accounts[i]["followers"] or 1) for i in range(len(t.accounts))]
    rename = {f"{a['platform']}:{a['platform_id']}": f"{target[i].platform}:{target[i].platform_id}"
              for i, a in enumerate(t.accounts)}
    posts = []
    for p in t.posts:
        acc, r = target[p["_account"]], ratio[p["_account"]]
        post_id = ids.post_id(acc.platform, acc.platform_id)
        rename[f"{p['platform']}:{p['post_id']}"] = f"{acc.platform}:{post_id}"
        posts.append({**{k: v for k, v in p.items() if k != "_account"}, "_account": c.accounts.index(acc),
                      "platform": acc.platform, "post_id": post_id, "url": _post_url(acc, post_id, p["format"]),
                      "views": _scale(p["views"], r), "likes": _scale(p["likes"], r), "shares": _scale(p["shares"], r),
                      "content_hash": _hash("post", acc.platform, post_id)})
    snaps = []
    for s in t.snapshots:
        if s["_account"] >= n:  # a clone with fewer accounts keeps the main account's series only
            continue
        r = ratio[s["_account"]]
        snaps.append({**s, "followers": _scale(s["followers"], r), "views": _scale(s["views"], r),
                      "likes": _scale(s["likes"], r)})
    return posts, snaps, rename


@dataclass
class Clone:
    influencer: dict
    accounts: list[dict]
    posts: list[dict]
    snapshots: list[dict]
    template: Template
    rename: dict[str, str]


def make_clone(c: Creator, key: str, t: Template, ids: IdMaker) -> Clone:
    inf, accounts = _clone_identity(c, key)
    posts, snaps, rename = _clone_content(t, c, ids)
    rename[t.key] = key
    return Clone(inf, accounts, posts, snaps, t, rename)


def _insert_returning(session, table, rows: list[dict]) -> list[int]:
    stmt = insert(table).returning(table.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, rows)) if rows else []


def _children(owners: list[int], lists: list[list[dict]], column: str, fn=lambda r: r) -> list[dict]:
    return [{**fn(r), column: owner} for owner, rows in zip(owners, lists) for r in rows]


def insert_clones(session, clones: list[Clone]) -> None:
    """Bulk-insert one batch of clones with their content and assessment."""
    inf_ids = _insert_returning(session, tables.Influencer, [c.influencer for c in clones])
    acc_ids = iter(_insert_returning(session, tables.Account, _children(inf_ids, [c.accounts for c in clones],
                                                                        "influencer_id")))
    per_clone = [[next(acc_ids) for _ in c.accounts] for c in clones]
    strip = lambda ids: (lambda r: {k: v for k, v in r.items() if k != "_account"} | {"account_id": ids[r["_account"]]})
    posts = [strip(ids)(p) for ids, c in zip(per_clone, clones) for p in c.posts]
    snaps = [strip(ids)(s) for ids, c in zip(per_clone, clones) for s in c.snapshots]
    for table, rows in ((tables.Post, posts), (tables.MetricSnapshot, snaps)):
        if rows:
            session.execute(insert(table), rows)
    a_ids = _insert_returning(session, tables.Assessment,
                              [{**c.template.assessment, "influencer_id": i} for i, c in zip(inf_ids, clones)])
    session.execute(insert(tables.CriterionScore), _children(a_ids, [c.template.scores for c in clones], "assessment_id"))
    session.execute(insert(tables.DetectorRunRecord), _children(a_ids, [c.template.runs for c in clones], "assessment_id"))
    findings = [{**f, "assessment_id": a, "influencer_id": i, "subject_key": c.rename.get(f["subject_key"]) or f["subject_key"]}
                for a, i, c in zip(a_ids, inf_ids, clones) for f in c.template.findings]
    if findings:
        session.execute(insert(tables.FindingRecord), findings)
    refresh_listing(session, inf_ids)  # the search read model, as store_assessment keeps it


def grant_ownership(factory) -> int:
    """A verified ownership challenge on the main account of every eligible creator."""
    with factory() as session, session.begin():
        eligible = [a.influencer_id for a in latest_assessments(session) if a.eligible]
        main = dict(session.execute(select(tables.Account.influencer_id, func.min(tables.Account.id))
                                    .group_by(tables.Account.influencer_id)).all())
        rows = [{"account_id": main[i], "code": new_code(), "created_at": AT, "expires_at": AT,
                 "verified_at": AT, "verified_via": "bio"} for i in eligible if i in main]
        if rows:
            session.execute(insert(tables.OwnershipChallenge), rows)
    return len(rows)


def _fresh(url: str, force: bool) -> None:
    path = db._sqlite_file(url) if db._is_sqlite(url) else None
    if path is not None and path.exists():
        if not force:
            raise SystemExit(f"{path} exists; pass --force to rebuild it")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="SQLAlchemy URL of an empty database (or a new SQLite file)")
    ap.add_argument("--key-dir", required=True, type=Path, help="folder for the development signing key")
    ap.add_argument("--creators", type=int, default=10_000)
    ap.add_argument("--templates", type=int, default=240, help="creators generated and assessed for real")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--batch", type=int, default=250)
    ap.add_argument("--force", action="store_true", help="replace an existing SQLite file")
    args = ap.parse_args(argv)
    _fresh(args.url, args.force)
    factory = db.session_factory(db.init_db(args.url))
    with factory() as session:
        if session.scalar(select(func.count()).select_from(tables.Influencer)):
            raise SystemExit("the database already has creators; give an empty one")
    times: dict[str, float] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        truth = build_templates(factory, args.seed, min(args.templates, args.creators), Path(tmp))
    times["templates (generate, import, assess)"] = time.perf_counter() - started
    step = time.perf_counter()
    n = clone_all(factory, load_templates(factory, truth), args)
    times[f"clones ({n})"] = time.perf_counter() - step
    step = time.perf_counter()
    keys.generate_key(factory, key_dir=args.key_dir, purpose="development", at=AT)
    granted = grant_ownership(factory)
    issued = sum(r.outcome == "issued" for r in certify(factory, key_dir=args.key_dir, env="development",
                                                        origin=ORIGIN, at=AT))
    times[f"ownership ({granted}) + certificates ({issued})"] = time.perf_counter() - step
    analyse(factory)
    report(factory, times, time.perf_counter() - started)


def analyse(factory) -> None:
    """PostgreSQL: fresh planner statistics after the bulk load, as autovacuum would gather
    them on a live server. (SQLite gathers none unless told; it is left as it is.)"""
    with factory() as session, session.begin():
        if session.connection().dialect.name == "postgresql":
            session.execute(text("ANALYZE"))


def clone_all(factory, templates: list[Template], args) -> int:
    with factory() as session:
        used = {f"{a.platform}:{a.platform_id}" for a in session.scalars(select(tables.Account))}
    ids = IdMaker(random.Random(f"{args.seed}:big:ids"))
    ids.used |= {u.split(":", 1)[1] for u in used}
    ids.used |= {p["post_id"] for t in templates for p in t.posts}
    count = max(0, args.creators - len(templates))
    cast = build_creators(count, random.Random(f"{args.seed}:big"), ids)
    choose = Chooser(templates, random.Random(f"{args.seed}:big:choose"))
    for start in range(0, count, args.batch):
        clones = [make_clone(c, f"kol-x{start + i + 1:05d}", choose(c), ids)
                  for i, c in enumerate(cast[start:start + args.batch])]
        with factory() as session, session.begin():
            insert_clones(session, clones)
        print(f"\r  clones {start + len(clones)}/{count}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return count


def report(factory, times: dict[str, float], total: float) -> None:
    with factory() as session:
        counts = {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in (
            tables.Influencer, tables.Account, tables.Post, tables.Comment, tables.MetricSnapshot, tables.Assessment,
            tables.FindingRecord, tables.Certificate)}
        sample = list(session.scalars(select(tables.Influencer.key).order_by(tables.Influencer.id).limit(3)))
    for what, seconds in times.items():
        print(f"{what:48} {seconds:8.1f} s")
    print(f"{'total':48} {total:8.1f} s")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print("e.g. " + ", ".join(sample))


if __name__ == "__main__":
    main()
