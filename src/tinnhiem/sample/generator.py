"""Write a seeded, realistic Vietnamese influencer world as canonical JSON Lines plus the ground
truth of every planted violation. Same seed, same bytes; nothing depends on today's date."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from tinnhiem.sample import plan as P
from tinnhiem.sample.banks import nfc
from tinnhiem.sample.captions import PostText, base_slots, clean_caption, commercial_caption
from tinnhiem.sample.extras import collaborations, complaints, planted_for_post
from tinnhiem.sample.fraud import EXTRA_BEHAVIOURS, assign_extras, inflate_engagement, pod_comments, pod_members
from tinnhiem.sample.series import WINDOW_END, WINDOW_START, audience, snapshots
from tinnhiem.sample.speech import comment_section, friend_handle, transcript
from tinnhiem.sample.world import BEHAVIOURS, TIERS, Account, Creator, IdMaker, build_creators

REFERENCE_DATE = date(2026, 11, 1)
VN = timezone(timedelta(hours=7))
FILES = (
    "01-influencers.jsonl", "02-products.jsonl", "03-posts.jsonl", "04-comments.jsonl",
    "05-metrics.jsonl", "06-audience.jsonl", "07-collaborations.jsonl", "08-complaints.jsonl",
)
_HASHTAG = re.compile(r"#(\w+)")
_MENTION = re.compile(r"(?<![\w.])@([\w.]*\w)")
_LINK = re.compile(r"https?://[^\s,]+")


@dataclass
class SampleSummary:
    seed: int
    output: Path
    files: list[Path]
    counts: dict[str, int]  # records per kind
    creators_by_behaviour: dict[str, int]
    creators_by_tier: dict[str, int]
    planted: int  # ground-truth entries
    bytes: int = 0

    def lines(self) -> list[str]:
        """Human-readable summary for the CLI."""
        out = [f"seed {self.seed} -> {self.output} ({self.bytes / 1e6:.1f} MB)"]
        out += [f"  {k:16} {v:>7}" for k, v in self.counts.items()]
        out.append("  behaviours: " + ", ".join(f"{k} {v}" for k, v in self.creators_by_behaviour.items()))
        out.append("  tiers: " + ", ".join(f"{k} {v}" for k, v in self.creators_by_tier.items()))
        out.append(f"  planted violations: {self.planted}")
        return out


@dataclass
class Post:
    creator: Creator
    account: Account
    post_id: str
    published: datetime
    fmt: str
    text: PostText
    record: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.account.platform}:{self.post_id}"

    @property
    def ref(self) -> dict:
        return {"platform": self.account.platform, "post_id": self.post_id}


def _post_url(account: Account, post_id: str, fmt: str) -> str:
    if account.platform == "tiktok":
        return f"https://www.tiktok.com/@{account.handle}/{'live' if fmt == 'livestream' else 'video'}/{post_id}"
    if account.platform == "youtube":
        return f"https://www.youtube.com/{'shorts/' + post_id if fmt == 'short' else 'watch?v=' + post_id}"
    if account.platform == "facebook":
        page, num = post_id.split("_")
        return f"https://www.facebook.com/{page}/posts/{num}"
    return f"https://www.instagram.com/{'reel' if fmt == 'short' else 'p'}/{post_id}/"


def _dates(n: int, rng: random.Random) -> list[datetime]:
    span = (WINDOW_END - WINDOW_START).days
    out = []
    for _ in range(n):
        d = WINDOW_START + timedelta(days=rng.randint(2, span))
        hour = rng.choice([7, 8, 11, 12, 12, 17, 18, 19, 20, 20, 21, 21, 22, 23])
        out.append(datetime(d.year, d.month, d.day, hour, rng.randint(0, 59), rng.randint(0, 59), tzinfo=VN))
    return sorted(out)


def _iso(dt: datetime) -> str:
    return dt.isoformat()


def _post_record(post: Post, n_comments: int, rng: random.Random) -> dict:
    caption = nfc(post.text.caption)
    dur = P.duration(post.account.platform, post.fmt, rng)
    rec = {
        "kind": "post", "account": {"platform": post.account.platform, "platform_id": post.account.platform_id},
        "post_id": post.post_id, "url": _post_url(post.account, post.post_id, post.fmt),
        "published_at": _iso(post.published), "format": post.fmt, "caption": caption,
        "transcript": None, "hashtags": list(dict.fromkeys(_HASHTAG.findall(caption))),
        "links": _LINK.findall(caption), "mentions": list(dict.fromkeys(_MENTION.findall(caption))),
        "paid_partnership": post.text.paid_flag, "duration_s": dur, "language": "vi",
        "product_ids": [post.text.product["id"]] if post.text.product else [],
        "metrics": P.metrics(post.account, post.fmt, n_comments, rng),
    }
    if dur and P.wants_transcript(post.account.platform, post.fmt, rng):
        rec["transcript"] = transcript(post.text, post.creator, post.fmt, dur, rng)
    return rec


def _creator_posts(creator: Creator, products: list[dict], ids: IdMaker, rng: random.Random) -> list[Post]:
    lo, hi = {"nano": (8, 18), "micro": (9, 24), "mid": (10, 28), "macro": (12, 30), "mega": (14, 30)}[creator.tier]
    n = rng.randint(lo, hi)
    slots = P.plan_slots(creator, n, products, rng)
    posts = []
    for slot, when in zip(slots, _dates(n, rng)):
        account = P.choose_account(creator, rng)
        base = base_slots(creator, rng, friend_handle(rng))
        if slot.kind == "clean":
            text = clean_caption(creator, rng, base)
        else:
            text = commercial_caption(creator, rng, base, slot.product, kind=slot.kind,
                                      disclosure=slot.disclosure, claims=slot.claims, disclaimer=slot.disclaimer)
            if slot.disclosure == "start" and account.platform != "facebook" and rng.random() < 0.35:
                text.paid_flag = True
        fmt = P.choose_format(account.platform, creator, text.commercial, rng)
        post = Post(creator, account, ids.post_id(account.platform, account.platform_id), when, fmt, text)
        posts.append(post)
    return posts


def _comments(post: Post, ids: IdMaker, rng: random.Random) -> tuple[list[dict], list[str]]:
    n = rng.randint(10, 16) if post.creator.tier == "nano" else rng.randint(10, 28)
    drafts = comment_section(post.creator, post.text, n, rng, post.account.platform)
    rows, complaint_keys, cids = [], [], []
    when = post.published
    limit = datetime(2026, 10, 31, 23, 59, tzinfo=VN)
    for d in drafts:
        cid = ids.comment_id(post.account.platform, post.post_id)
        cids.append(cid)
        when = min(limit, when + timedelta(minutes=rng.expovariate(1 / 90)))
        rows.append({
            "kind": "comment", "post": post.ref, "comment_id": cid, "author": d.author, "text": nfc(d.text),
            "published_at": _iso(max(when, post.published)), "likes": int(rng.expovariate(1 / 6)),
            "parent_id": cids[d.reply_to] if d.reply_to is not None else None,
        })
        if d.complaint:
            complaint_keys.append(f"{post.account.platform}:{cid}")
    return rows, complaint_keys


def _account_records(creator: Creator) -> list[dict]:
    out = [{"kind": "influencer", "id": creator.id, "name": creator.name, "niches": creator.labels,
            "province": creator.province, "bio": creator.main.bio}]
    for a in creator.accounts:
        out.append({"kind": "account", "influencer_id": creator.id, "platform": a.platform,
                    "platform_id": a.platform_id, "handle": a.handle, "url": a.url,
                    "followers": a.followers, "bio": a.bio, "verified": a.verified})
    return out


def _product_record(p: dict) -> dict:
    return {"kind": "product", "id": p["id"], "name": p["name"], "brand": p["brand"],
            "category": p["category"], "registration_number": p["reg"]}


def _fake_share(creator: Creator, rng: random.Random) -> float:
    if "bought_followers" in creator.behaviours:
        return rng.uniform(0.55, 0.8)
    return rng.uniform(0.02, 0.08) if creator.behaviours == ["honest"] else rng.uniform(0.04, 0.14)


@dataclass
class Fraud:
    """Secondary engagement-fraud behaviours (``sample.fraud``), with their own streams."""

    ids: IdMaker
    rng: random.Random
    pod: list[str] = field(default_factory=list)


def _creator_world(creator: Creator, products: list[dict], ids: IdMaker, files: dict[str, list[dict]],
                   rng: random.Random, fraud: Fraud) -> list[dict]:
    """Append one creator's records to ``files``; return the ground-truth entries."""
    planted: list[dict] = []
    files["01-influencers.jsonl"] += _account_records(creator)
    posts = _creator_posts(creator, products, ids, rng)
    collabs, covers = collaborations(creator, posts, rng, start=len(files["07-collaborations.jsonl"]))
    files["07-collaborations.jsonl"] += collabs
    if "comment_pod" in creator.behaviours:
        fraud.pod = pod_members(creator, fraud.rng)
    for post in posts:
        comments, complaint_keys = _comments(post, ids, rng)
        if fraud.pod:
            limit = datetime(2026, 10, 31, 23, 59, tzinfo=VN)
            comments += pod_comments(post.ref, post.published, fraud.pod, fraud.ids, fraud.rng, limit)
        post.record = _post_record(post, len(comments), rng)
        if "bought_engagement" in creator.behaviours and post.account.main:
            inflate_engagement(post.record["metrics"], post.account.followers, fraud.rng)
        files["03-posts.jsonl"].append(post.record)
        files["04-comments.jsonl"] += comments
        planted += planted_for_post(post, covers)
        planted += [{"influencer": creator.id, "behaviour": "angry_audience", "subject": key,
                     "subject_kind": "comment", "expected_detector": "complaint_phrase",
                     "note": "complaint comment under " + post.key} for key in complaint_keys]
    for account in creator.accounts:
        planted += _account_series(creator, account, posts, files, rng)
    files["06-audience.jsonl"] += audience(creator.main, _fake_share(creator, rng), rng)
    cmps, cmp_planted = complaints(creator, posts, rng, start=len(files["08-complaints.jsonl"]))
    files["08-complaints.jsonl"] += cmps
    return planted + cmp_planted + _fraud_truth(creator)


def _fraud_truth(creator: Creator) -> list[dict]:
    out = []
    if "bought_engagement" in creator.behaviours:
        main = creator.main
        out.append({"influencer": creator.id, "behaviour": "bought_engagement",
                    "subject": f"{main.platform}:{main.platform_id}", "subject_kind": "account",
                    "expected_detector": "engagement_anomaly",
                    "note": "bought likes (30-60 % of followers) and views on every post of the main account"})
    if "comment_pod" in creator.behaviours:
        out.append({"influencer": creator.id, "behaviour": "comment_pod", "subject": creator.id,
                    "subject_kind": "influencer", "expected_detector": "comment_pod",
                    "note": "a pod of accounts posts generic comments minutes after publication"})
    return out


def _account_series(creator: Creator, account: Account, posts: list[Post], files: dict[str, list[dict]],
                    rng: random.Random) -> list[dict]:
    own = [(p.published.date(), p.record["metrics"]["views"], p.record["metrics"]["likes"])
           for p in posts if p.account is account]
    bought = "bought_followers" in creator.behaviours and account.main
    rows, spikes = snapshots(account, bought, own, rng)
    files["05-metrics.jsonl"] += rows
    if not bought:
        return []
    note = "; ".join(f"{s.day.isoformat()} +{(s.ratio - 1) * 100:.0f}% in {s.days} day(s)" for s in spikes)
    return [{"influencer": creator.id, "behaviour": "bought_followers",
             "subject": f"{account.platform}:{account.platform_id}", "subject_kind": "account",
             "expected_detector": "follower_spike", "note": "follower jumps " + note}]


def _write(output: Path, files: dict[str, list[dict]], truth: dict) -> list[Path]:
    written = []
    for name, rows in files.items():
        path = output / name
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        written.append(path)
    gt = output / "ground_truth.json"
    gt.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")
    return written + [gt]


def generate(seed: int, output: Path, *, creators: int = 72) -> SampleSummary:
    """Write the sample world for ``seed`` into ``output`` (created if needed)."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    ids = IdMaker(random.Random(f"{seed}:ids"))
    cast = build_creators(creators, random.Random(seed), ids)
    assign_extras(cast, random.Random(f"{seed}:extras"))
    fraud_ids = IdMaker(random.Random(f"{seed}:ids:fraud"))
    fraud_ids.used = ids.used  # one namespace: fraud comments never reuse an id
    products = P.product_records(random.Random(f"{seed}:products"))
    files: dict[str, list[dict]] = {name: [] for name in FILES}
    files["02-products.jsonl"] = [_product_record(p) for p in products]
    planted: list[dict] = []
    for creator in cast:
        planted += _creator_world(creator, products, ids, files, random.Random(f"{seed}:{creator.id}"),
                                  Fraud(fraud_ids, random.Random(f"{seed}:{creator.id}:fraud")))
    truth = {
        "seed": seed, "reference_date": REFERENCE_DATE.isoformat(),
        "creators": {c.id: {"behaviours": c.behaviours, "tier": c.tier, "followers": c.main.followers} for c in cast},
        "planted": planted,
    }
    written = _write(output, files, truth)
    counts = Counter(row["kind"] for rows in files.values() for row in rows)
    return SampleSummary(
        seed=seed, output=output, files=written,
        counts={k: counts.get(k, 0) for k in ("influencer", "account", "product", "post", "comment",
                                              "metric_snapshot", "audience_sample", "collaboration", "complaint")},
        creators_by_behaviour={b: sum(b in c.behaviours for c in cast) for b in BEHAVIOURS + EXTRA_BEHAVIOURS},
        creators_by_tier={t: sum(c.tier == t for c in cast) for t in TIERS},
        planted=len(planted), bytes=sum(p.stat().st_size for p in written),
    )
