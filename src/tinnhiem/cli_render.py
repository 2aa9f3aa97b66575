"""Terminal rendering for the CLI: progress bars and tables (rich). No business logic."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.engine import make_url

from tinnhiem.report import CRITERION_TITLES, vn_number

SHORT_CRITERIA = {
    "authenticity": "Xác thực",
    "ad_compliance": "Tuân thủ QC",
    "commercial_transparency": "Minh bạch",
    "community_feedback": "Cộng đồng",
}


#: Short Vietnamese labels for the ranked table's "top reasons" column (full titles are in reports).
SHORT_REASONS = {
    "undisclosed_ad": "QC không ghi rõ",
    "absolute_superlative": "từ tuyệt đối",
    "health_cure_claim": "công dụng chữa bệnh",
    "equivalence_claim": "so sánh tương đương",
    "missing_supplement_disclaimer": "thiếu cảnh báo TPBVSK",
    "banned_product": "SP cấm quảng cáo",
    "follower_spike": "follower tăng đột biến",
    "complaint_record": "khiếu nại xác minh",
    "complaint_phrase": "bình luận phản ánh",
}


def compact_count(n: int | None) -> str:
    """12.300 → "12,3N"; 1.250.000 → "1,3tr" (N = nghìn, tr = triệu)."""
    if n is None:
        return "—"
    if n >= 1_000_000:
        return vn_number(n / 1_000_000, 1) + "tr"
    if n >= 1_000:
        return vn_number(n / 1_000, 1) + "N"
    return str(n)


def safe_url(url: str) -> str:
    """The database URL without its password, for printing."""
    return make_url(url).render_as_string(hide_password=True)


@contextlib.contextmanager
def byte_progress(console: Console, files: list[Path], *, disable: bool) -> Iterator:
    """A progress bar over the bytes of the files; yields the callback ingest calls."""
    total = sum(f.stat().st_size for f in files)
    columns = (TextColumn("Nhập / importing"), BarColumn(), DownloadColumn(), TaskProgressColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=disable, transient=False) as progress:
        task = progress.add_task("import", total=total)
        done: dict[str, int] = {}

        def advance(path, read: int, size: int | None = None) -> None:
            done[str(path)] = read
            progress.update(task, completed=sum(done.values()))

        yield advance


@contextlib.contextmanager
def count_progress(console: Console, label: str, *, disable: bool) -> Iterator:
    with Progress(TextColumn(label), BarColumn(), TaskProgressColumn(), console=console, disable=disable) as progress:
        task = progress.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def import_counts(report) -> dict:
    return {k: getattr(report, k) for k in ("read", "inserted", "updated", "unchanged", "rejected")}


def print_import_report(console: Console, report) -> None:
    c = import_counts(report)
    console.print(
        f"Đọc {c['read']} dòng: thêm mới {c['inserted']}, cập nhật {c['updated']}, "
        f"không đổi {c['unchanged']}, từ chối {c['rejected']}"
    )
    console.print(f"[dim]read {c['read']}, inserted {c['inserted']}, updated {c['updated']}, "
                  f"unchanged {c['unchanged']}, rejected {c['rejected']}[/dim]")


def print_sample_summary(console: Console, summary, output: Path) -> None:
    console.print(f"Dữ liệu mẫu đã ghi vào / sample written to {output}")
    for kind, n in sorted(getattr(summary, "counts", {}).items()):
        console.print(f"  {kind}: {n}")


def ranking_table(rows, *, title: str) -> Table:
    table = Table(title=title, header_style="bold", pad_edge=False, padding=(0, 1))
    table.add_column("#", justify="right")
    table.add_column("Mã", no_wrap=True)
    table.add_column("Người có ảnh hưởng", no_wrap=True, max_width=24, overflow="ellipsis")
    table.add_column("Theo dõi", justify="right")
    for cid in CRITERION_TITLES:
        table.add_column(SHORT_CRITERIA[cid], justify="right")
    table.add_column("Tổng", justify="right")
    table.add_column("Hạng")
    table.add_column("Lý do chính", overflow="fold")
    for i, r in enumerate(rows, 1):
        table.add_row(
            str(i), r.key, r.name, compact_count(r.followers),
            *[vn_number(r.criteria.get(cid)) for cid in CRITERION_TITLES],
            vn_number(r.total), r.tier + (" ✓" if r.eligible else ""),
            ", ".join(SHORT_REASONS.get(d, d) for d in r.top_reasons) or "—",
        )
    return table


def review_table(items) -> Table:
    table = Table(title=f"Hàng đợi xét duyệt / review queue: {len(items)}", header_style="bold")
    for col in ("Mã phát hiện", "Người có ảnh hưởng", "Bộ phát hiện", "Mức", "Đối tượng", "Trích dẫn"):
        table.add_column(col, overflow="fold")
    for i in items:
        table.add_row(i.fingerprint[:12], f"{i.influencer_name} ({i.influencer_key})", i.detector, i.severity,
                      i.subject, i.quote[:80])
    return table


OUTCOMES_VI = {
    "issued": "đã cấp",
    "not_eligible": "chưa đủ điều kiện",
    "no_verified_account": "chưa xác minh tài khoản",
    "already_certified": "đã có chứng nhận",
}


def print_issue_results(console: Console, results) -> None:
    issued = [r for r in results if r.outcome == "issued"]
    for r in results:
        if r.outcome in ("issued", "already_certified", "no_verified_account"):
            console.print(f"  {r.influencer_key}: {OUTCOMES_VI[r.outcome]} {r.serial or ''} {r.detail}".rstrip())
    others = len(results) - sum(1 for r in results if r.outcome in ("issued", "already_certified", "no_verified_account"))
    console.print(f"Đã cấp {len(issued)} chứng nhận; {others} người chưa đủ điều kiện / "
                  f"issued {len(issued)}; {others} not eligible")


STATUS_VI = {"valid": "HỢP LỆ", "expired": "HẾT HẠN", "suspended": "BỊ ĐÌNH CHỈ", "revoked": "BỊ THU HỒI",
             "superseded": "ĐÃ ĐƯỢC THAY BẰNG CHỨNG NHẬN MỚI", "invalid": "KHÔNG HỢP LỆ"}


def print_verification(console: Console, bundle: dict, result, *, trusted_keys_given: bool) -> None:
    cert = bundle.get("certificate", {})
    console.print(f"Chứng nhận {cert.get('serial', '?')} — {cert.get('creator', {}).get('name', '?')} — hạng {cert.get('tier', '?')}")
    for name, ok, detail in result.checks:
        console.print(f"  {'✓' if ok else '✗'} {detail}", markup=False, highlight=False)
    if not trusted_keys_given:
        console.print("  ! khóa công khai lấy từ chính tệp: chứng minh tính toàn vẹn, chưa chứng minh bên cấp — dùng --keys "
                      "/ keys taken from the bundle itself: pass --keys to pin the issuer", markup=False, highlight=False)
    console.print(f"Kết quả / result: {STATUS_VI.get(result.status, result.status)} ({result.status})")
