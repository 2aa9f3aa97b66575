"""livestream_disclosure_not_repeated — long videos and livestreams must say "quảng cáo" at the
start AND keep repeating it while selling (Art. 15a Law 16/2012 as amended: announce "before
and during" the promotion; FTC: repeat periodically in live streams).

Applies to commercial posts (a ``commercial_content`` finding) that are livestreams
(``format`` "livestream"/"live") or longer than 15 minutes (``duration_s`` or the transcript's
last segment), with a transcript. The transcript is cut into consecutive windows of
``window_s`` seconds (default 600 = 10 minutes; the interval is a product choice, catalog [M]).
A *pitch* is a selling cue spoken in the transcript (giỏ hàng, chốt đơn, link, mã giảm giá, a
price …, the ``_common`` lexicons); a pitch is *covered* when a spoken strong disclosure
(``_disclosure_terms``, negations excluded) falls in its window or the previous one.

``Finding.data``: ``kind`` — "never_spoken" (pitches but no spoken disclosure at all; major),
"late_start" (the first spoken disclosure comes after the first pitch and after the first
``start_grace_s`` = 60 s; minor), "not_repeated" (pitches in windows with no disclosure in that
window or the previous one; minor) — plus ``disclosure_times_s``, ``uncovered_times_s``,
``window_s``. Evidence: the uncovered pitches (one per window, at most 6) with ``time_s``.
"""

from __future__ import annotations

import bisect

from tinnhiem import text as T
from tinnhiem.detectors import _disclosure_terms as D
from tinnhiem.detectors._common import DISCOUNT, SHOP_CTA, _PRICE
from tinnhiem.detectors.base import Detector, post_field_text
from tinnhiem.model import Evidence, PostView, content_hash

LONG_VIDEO_S = 15 * 60
PITCH = SHOP_CTA + DISCOUNT + ["chốt", "chốt đơn", "lên link", "lên đơn", "giỏ hàng số",
                               "comment chữ", "link", "order", "mua", "buy", "use code"]
KINDS = {
    "never_spoken": ("major", "không hề nói rõ là quảng cáo", "never says it is advertising"),
    "late_start": ("minor", "chỉ nói là quảng cáo sau khi đã bán hàng", "discloses only after selling started"),
    "not_repeated": ("minor", "không nhắc lại là quảng cáo trong lúc bán hàng",
                     "does not repeat the disclosure while selling"),
}


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:02d}:{s % 60:02d}"


class _Timeline:
    """Offsets of transcript segments in ``transcript_text`` → start times (bisect, O(log n))."""

    def __init__(self, post: PostView):
        self.starts: list[int] = []
        self.times: list[float] = []
        pos = 0
        for seg in post.transcript:
            self.starts.append(pos)
            self.times.append(seg.start_s)
            pos += len(seg.text) + 1

    def time(self, offset: int) -> float:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.times[max(i, 0)] if self.times else 0.0


def spoken_disclosures(text: str) -> list[tuple[int, int]]:
    """Non-negated strong disclosure spans in ``text``."""
    phrases, regexes = D.compiled("strong")
    plain = T.views(text)[:1]  # the cached folded view
    spans = T.search_views(phrases, plain) if phrases is not None else []
    for rx in regexes:
        spans += T.search_views(rx, plain)
    if not spans:
        return []
    neg = D.negated_spans(text)
    return [s for s in T.merge_spans(spans)
            if not any(T.overlaps(s, n) for n in neg) and not D.negated(text, s[0])]


def pitches(text: str) -> list[tuple[int, int]]:
    spans = T.search_views(_PITCH_RX, T.views(text))
    spans += T.find_spans(_PRICE, T.lower(text), "lower")
    return T.merge_spans(spans)


_PITCH_RX = T.compile_phrases(PITCH)  # compiled once at import


class LivestreamDisclosureNotRepeated(Detector):
    """Livestream/long video: advertising not announced at the start and repeated while selling."""

    id = "livestream_disclosure_not_repeated"
    version = "1.2.0"
    scope = "post"
    title_vi = "Livestream/video dài không nhắc lại là quảng cáo trong lúc bán hàng"
    title_en = "Livestream or long video does not repeat the advertising disclosure"
    severity = "minor"
    depends_on = ("commercial_content",)
    legal_source = (
        "Luật Quảng cáo 16/2012/QH13 Điều 15a (bổ sung bởi Luật 75/2025/QH15: thông báo rõ là quảng "
        "cáo trước và trong khi quảng cáo) và Điều 23 khoản 2 điểm đ; khoảng thời gian nhắc lại là lựa "
        "chọn của chương trình (tham chiếu FTC Disclosures 101: nhắc lại định kỳ khi livestream)"
    )
    rule_confidence = "V"
    catalog_id = "VN-DISC-LIVESTREAM-REPEAT"

    def __init__(self, window_s: float = 600.0, start_grace_s: float = 60.0, max_evidence: int = 6):
        self.window_s = float(window_s)
        self.start_grace_s = float(start_grace_s)
        self.max_evidence = max_evidence

    def available(self, subject: PostView) -> bool:
        if not isinstance(subject, PostView) or not subject.transcript:
            return False
        length = max(subject.duration_s or 0.0, subject.transcript[-1].end_s, subject.transcript[-1].start_s)
        return subject.format in ("livestream", "live") or length > LONG_VIDEO_S

    def detect(self, subject: PostView, upstream):
        if not upstream.get("commercial_content"):
            return
        text = post_field_text(subject, "transcript")
        timeline = _Timeline(subject)
        pitch_spans = pitches(text)
        if not pitch_spans:
            return
        said = sorted({timeline.time(s) for s, _ in spoken_disclosures(text)})
        timed = [(timeline.time(s), (s, e)) for s, e in pitch_spans]
        kind, uncovered = self._judge(said, timed)
        if kind is None:
            return
        yield self._finding(subject, text, kind, said, uncovered)

    def _judge(self, said: list[float], timed: list[tuple[float, tuple[int, int]]]):
        w = self.window_s
        if not said:
            return "never_spoken", self._one_per_window(timed)
        windows = {int(t // w) for t in said}
        uncovered = [(t, sp) for t, sp in timed if not ({int(t // w), int(t // w) - 1} & windows)]
        if uncovered:
            return "not_repeated", self._one_per_window(uncovered)
        first_pitch = timed[0][0]
        if said[0] > max(self.start_grace_s, first_pitch):
            early = [(t, sp) for t, sp in timed if t < said[0]]
            return "late_start", self._one_per_window(early)
        return None, []

    def _one_per_window(self, timed):
        seen, out = set(), []
        for t, sp in timed:
            k = int(t // self.window_s)
            if k not in seen:
                seen.add(k)
                out.append((t, sp))
        return out[: self.max_evidence]

    def _finding(self, post: PostView, text: str, kind: str, said, uncovered):
        severity, vi, en = KINDS[kind]
        h = content_hash(text)
        evidence = [Evidence("transcript", text[s:e], s, e, h, t) for t, (s, e) in uncovered]
        where = ", ".join(f'{_clock(t)} "{text[s:e]}"' for t, (s, e) in uncovered[:3])
        minutes = f"{self.window_s / 60:g}"
        return self.finding(
            post,
            message=f"Livestream/video dài {vi} (khung {minutes} phút): bán hàng lúc {where}",
            message_en=f"Livestream/long video {en} ({minutes}-minute windows): selling at {where}",
            evidence=evidence,
            severity=severity,
            confidence=0.8 if kind != "never_spoken" else 0.85,
            remediation=(
                "Nói rõ \"Đây là nội dung quảng cáo/được tài trợ bởi <nhãn hàng>\" ngay đầu buổi live và "
                f"nhắc lại ít nhất mỗi {minutes} phút khi giới thiệu sản phẩm; giữ nhãn quảng cáo trên màn hình."
            ),
            data={
                "kind": kind,
                "window_s": self.window_s,
                "disclosure_times_s": said,
                "uncovered_times_s": [t for t, _ in uncovered],
                "remediation_en": "Say \"this is advertising / sponsored by <brand>\" at the start of "
                f"the stream and repeat it at least every {minutes} minutes while selling; keep an "
                "on-screen ad label.",
            },
        )
