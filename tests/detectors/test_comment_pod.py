"""comment_pod: pods of accounts and repeated generic comments minutes after publication."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tinnhiem.detectors.comment_pod import CommentPod, early_comments, find_pod, normalise
from tinnhiem.engine import run
from tinnhiem.model import CommentView, CreatorView, PostView

T0 = datetime(2026, 6, 1, 20, 0, tzinfo=timezone.utc)


def world(n_posts=10, pod=("p1", "p2", "p3", "p4"), pod_posts=None, gap_min=4, text=None, fans=()):
    posts, comments = [], []
    pod_posts = range(n_posts) if pod_posts is None else pod_posts
    for i in range(n_posts):
        when = T0 + timedelta(days=2 * i)
        posts.append(PostView(key=f"tiktok:{i}", platform="tiktok", published_at=when))
        authors = [f"fan{i}_{k}" for k in range(5)]
        for k, a in enumerate(authors):  # organic comments: different people, spread over hours
            comments.append(CommentView(f"tiktok:c{i}_{k}", f"tiktok:{i}", a, f"bình luận {i} {k}",
                                        when + timedelta(minutes=40 + 50 * k)))
        for a in fans:  # the same loyal fans, early on every post
            comments.append(CommentView(f"tiktok:f{i}{a}", f"tiktok:{i}", a, "hóng quá", when + timedelta(minutes=2)))
        if i in pod_posts:
            for k, a in enumerate(pod):
                comments.append(CommentView(f"tiktok:p{i}_{k}", f"tiktok:{i}", a, text or f"Hay quá ạ {k}",
                                            when + timedelta(minutes=gap_min + k)))
    return CreatorView(key="inf:1", name="A", posts=tuple(posts), comments=tuple(comments))


def findings(view):
    return run([CommentPod()], view).findings


def test_pod_found_with_posts_accounts_and_gaps_in_vietnamese():
    (f,) = findings(world())
    assert f.subject == "inf:1" and f.subject_kind == "influencer" and f.severity == "major"
    assert f.data["pod_accounts"] == ["p1", "p2", "p3", "p4"] and f.data["posts_with_pod"] == 10
    assert f.data["pod_share"] == 1.0 and f.data["median_gap_min"] == pytest.approx(5.5)
    quotes = [e.quote for e in f.evidence]
    assert any(q.startswith("Bài tiktok:0 (01/06/2026 20:00): 4 tài khoản trong nhóm bình luận sau 4 phút–7 phút")
               for q in quotes)
    assert any("p1 (10/10 bài)" in q for q in quotes)
    assert f.data["comments"] == sorted(f"tiktok:p{i}_{k}" for i in range(10) for k in range(4))


def test_same_generic_comment_from_many_accounts():
    assert findings(world(pod=("a", "b"), text="Tuyệt vời luôn 👍")) == []  # two accounts: neither
    view = world(n_posts=8, pod=())
    extra = [CommentView(f"tiktok:g{i}_{k}", f"tiktok:{i}", f"acc{i}_{k}", "Tuyệt vời luôn 👍",
                         T0 + timedelta(days=2 * i, minutes=3 + k)) for i in range(5) for k in range(3)]
    (f,) = findings(CreatorView(key="inf:1", name="A", posts=view.posts, comments=view.comments + tuple(extra)))
    assert f.data["pod_accounts"] == [] and f.severity == "minor"  # rotating accounts: no pod, but
    assert f.data["repeated_texts"] == [{"text": "tuyet voi luon", "posts": 5, "authors": 15}]
    assert any("“tuyet voi luon” lặp lại ở 5/8 bài, từ 15 tài khoản" in e.quote for e in f.evidence)
    assert f.data["comments"] == sorted(c.key for c in extra)


@pytest.mark.parametrize("view", [
    world(pod=()),                                   # organic only
    world(pod=(), fans=("superfan",)),               # one loyal early fan is not a pod
    world(pod=("p1", "p2"), text=None),              # two accounts are not a pod
    world(gap_min=30),                               # the same accounts, but not within minutes
    world(pod_posts=[0, 1]),                         # a group seen on two posts only
])
def test_no_pod(view):
    assert [f for f in findings(view) if f.data["pod_accounts"]] == []


def test_thin_data_is_inconclusive():
    result = run([CommentPod()], world(n_posts=4))
    assert result.runs[0].not_available == 1 and result.findings == []


def test_helpers():
    assert normalise("Hay QUÁ ạ!!! 😍") == "hay qua a"
    early = early_comments(world())
    assert len(early.examined) == 10 and set(early.by_author["p1"]) == {f"tiktok:{i}" for i in range(10)}
    assert find_pod(early)[0] == ["p1", "p2", "p3", "p4"]
