"""comment_pod — the same accounts or the same generic comments, minutes after each post.

An engagement pod (or a comment-selling service) shows up as a small group of accounts that
comment on most of a creator's posts within minutes of publication, often with short generic
praise. Over the creator's posts with a publication time and at least one timed comment
(``N`` examined posts):

* an *early* comment is published 0–``WINDOW_MIN`` minutes after its post;
* a *regular* is an author (pseudonym) with early comments on ≥ max(``MIN_ACCOUNT_POSTS``,
  ``MIN_ACCOUNT_SHARE`` × N) posts; the regulars form a pod when there are ≥ ``MIN_POD`` of
  them and ≥ 2 of them comment early together on ≥ ``MIN_ACCOUNT_POSTS`` posts;
* a *repeated generic comment* is a normalised text (folded, letters and digits only) written
  early on ≥ max(``MIN_TEXT_POSTS``, ``MIN_TEXT_SHARE`` × N) posts by ≥ ``MIN_TEXT_AUTHORS``
  accounts.

One finding per creator when there is a pod or a repeated generic comment. One loyal fan who
always comments first is not a pod (``MIN_POD``), and ``available()`` needs ≥ ``MIN_POSTS``
examined posts, so a small creator with few posts is inconclusive rather than judged.
Evidence (Vietnamese) names each post, the pod accounts and time gaps, and the repeated texts.
``data``: ``posts_examined``, ``pod_accounts``, ``posts_with_pod``, ``pod_share`` (share of
examined posts with ≥ 2 pod accounts early — the number a methodology can weigh),
``median_gap_min``, ``repeated_texts``, ``comments`` (keys of the pod's and the repeated texts'
early comments, which a methodology leaves out before counting sentiment).
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from tinnhiem.detectors.base import Detector
from tinnhiem.model import CreatorView, Evidence, content_hash
from tinnhiem.text import fold

WINDOW_MIN = 15.0
MIN_POSTS = 5
MIN_ACCOUNT_POSTS = 3
MIN_ACCOUNT_SHARE = 0.3
MIN_POD = 3
MIN_TEXT_POSTS = 4
MIN_TEXT_SHARE = 0.25
MIN_TEXT_AUTHORS = 3
MAX_EVIDENCE_POSTS = 6
_NON_WORD = re.compile(r"[^0-9a-z]+")


@dataclass
class EarlyComments:
    """Early comments of one creator, indexed by author, post and text."""

    examined: list[str] = field(default_factory=list)  # post keys with ≥ 1 timed comment
    by_author: dict[str, dict[str, float]] = field(default_factory=lambda: defaultdict(dict))
    by_post: dict[str, list[tuple[float, str, str]]] = field(default_factory=lambda: defaultdict(list))
    by_text: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    published: dict[str, object] = field(default_factory=dict)
    keys: list[tuple[str, str, str]] = field(default_factory=list)  # (comment key, author, normalised text)


def normalise(text: str) -> str:
    return _NON_WORD.sub(" ", fold(text)).strip()


def early_comments(creator: CreatorView) -> EarlyComments:
    out = EarlyComments()
    out.published = {p.key: p.published_at for p in creator.posts if p.published_at is not None}
    seen: set[str] = set()
    for c in creator.comments:
        when = out.published.get(c.post_key)
        if when is None or c.published_at is None:
            continue
        if c.post_key not in seen:
            seen.add(c.post_key)
            out.examined.append(c.post_key)
        gap = (c.published_at - when).total_seconds() / 60
        if not 0 <= gap <= WINDOW_MIN:
            continue
        prev = out.by_author[c.author].get(c.post_key)
        out.by_author[c.author][c.post_key] = gap if prev is None else min(prev, gap)
        out.by_post[c.post_key].append((gap, c.author, c.text))
        text = normalise(c.text)
        out.keys.append((c.key, c.author, text))
        if text:
            out.by_text[text]["posts"].add(c.post_key)
            out.by_text[text]["authors"].add(c.author)
    return out


def find_pod(early: EarlyComments) -> tuple[list[str], list[str]]:
    """``(pod accounts, posts where ≥ 2 of them comment early)`` — empty when there is no pod."""
    n = len(early.examined)
    need = max(MIN_ACCOUNT_POSTS, math.ceil(MIN_ACCOUNT_SHARE * n))
    regulars = sorted(a for a, posts in early.by_author.items() if len(posts) >= need)
    if len(regulars) < MIN_POD:
        return [], []
    members = set(regulars)
    posts = sorted(p for p in early.examined
                   if len({a for _, a, _ in early.by_post.get(p, ()) if a in members}) >= 2)
    return (regulars, posts) if len(posts) >= MIN_ACCOUNT_POSTS else ([], [])


def repeated_texts(early: EarlyComments) -> list[dict]:
    need = max(MIN_TEXT_POSTS, math.ceil(MIN_TEXT_SHARE * len(early.examined)))
    out = [{"text": t, "posts": len(v["posts"]), "authors": len(v["authors"])}
           for t, v in early.by_text.items()
           if len(v["posts"]) >= need and len(v["authors"]) >= MIN_TEXT_AUTHORS]
    return sorted(out, key=lambda d: (-d["posts"], d["text"]))


def _gap(minutes: float) -> str:
    return f"{minutes:.0f} phút" if minutes >= 1 else f"{minutes * 60:.0f} giây"


class CommentPod(Detector):
    """The same accounts, or the same generic comments, appear on many posts within minutes of
    publication (an engagement pod or bought comments)."""

    id = "comment_pod"
    version = "1.1.0"
    scope = "creator"
    title_vi = "Nhóm tài khoản bình luận dàn dựng (comment pod)"
    title_en = "Comment pod (coordinated early comments)"
    severity = "major"
    legal_source = "Tiêu chí tương tác thực (chương trình Tín nhiệm người có ảnh hưởng, trụ cột 3)"
    rule_confidence = "M"
    catalog_id = "VN-TRUST-FAKE-ENGAGEMENT"

    def available(self, subject) -> bool:
        if not isinstance(subject, CreatorView):
            return False
        timed = {p.key for p in subject.posts if p.published_at is not None}
        return len({c.post_key for c in subject.comments
                    if c.published_at is not None and c.post_key in timed}) >= MIN_POSTS

    def detect(self, subject: CreatorView, upstream):
        early = early_comments(subject)
        pod, pod_posts = find_pod(early)
        texts = repeated_texts(early)
        if pod or texts:
            yield self._finding(subject, early, pod, pod_posts, texts)

    def _post_lines(self, early: EarlyComments, pod: list[str], posts: list[str]) -> list[str]:
        members, lines = set(pod), []
        for key in posts[:MAX_EVIDENCE_POSTS]:
            hits = sorted((g, a, t) for g, a, t in early.by_post[key] if a in members)
            when = early.published[key]
            quoted = ", ".join(f"“{t}”" for t in dict.fromkeys(t for _, _, t in hits[:3]))
            lines.append(f"Bài {key} ({when:%d/%m/%Y %H:%M}): {len({a for _, a, _ in hits})} tài khoản "
                         f"trong nhóm bình luận sau {_gap(hits[0][0])}–{_gap(hits[-1][0])}: {quoted}")
        return lines

    def _finding(self, subject: CreatorView, early: EarlyComments, pod: list[str], pod_posts: list[str],
                 texts: list[dict]):
        n = len(early.examined)
        lines = self._post_lines(early, pod, pod_posts)
        if pod:
            counts = ", ".join(f"{a} ({len(early.by_author[a])}/{n} bài)" for a in pod[:8])
            lines.insert(0, f"{len(pod)} tài khoản bình luận trong {WINDOW_MIN:.0f} phút đầu ở nhiều bài: {counts}")
        lines += [f"Bình luận chung chung “{t['text']}” lặp lại ở {t['posts']}/{n} bài, "
                  f"từ {t['authors']} tài khoản, trong {WINDOW_MIN:.0f} phút đầu" for t in texts[:3]]
        digest = content_hash("\n".join(sorted(c.key for c in subject.comments if c.post_key in set(pod_posts))))
        evidence = [Evidence(field="comments", quote=line, content_hash=digest) for line in lines]
        gaps = [g for a in pod for g in early.by_author[a].values()]
        share = len(pod_posts) / n if n else 0.0
        strong = len(pod) >= MIN_POD and share >= 0.5
        members, repeated = set(pod), {t["text"] for t in texts}
        staged = sorted(k for k, a, t in early.keys if a in members or t in repeated)
        return self.finding(
            subject,
            message=f"Dấu hiệu bình luận dàn dựng: {lines[0]}",
            message_en=(f"Coordinated early comments: {len(pod)} accounts comment within "
                        f"{WINDOW_MIN:.0f} minutes on {len(pod_posts)}/{n} posts; "
                        f"{len(texts)} generic comment(s) repeated across posts"),
            evidence=evidence,
            severity="major" if strong else "minor",
            confidence=min(0.9, 0.5 + 0.4 * share) if pod else 0.45,
            remediation="Không tham gia nhóm tương tác chéo hoặc mua bình luận; để bình luận tự nhiên.",
            data={"posts_examined": n, "pod_accounts": pod, "posts_with_pod": len(pod_posts),
                  "pod_share": round(share, 4),
                  "median_gap_min": round(statistics.median(gaps), 2) if gaps else None,
                  "repeated_texts": texts, "comments": staged},
        )
