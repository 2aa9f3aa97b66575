"""`tinnhiem demo`: init → sample → import → assess → ranked table + one report.

An adapter that composes services in order and renders each step; it holds no logic of
its own beyond choosing paths.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from rich.console import Console

from tinnhiem import cli_render
from tinnhiem.certdocs import badge_svg, certificate_pdf
from tinnhiem.report import render
from tinnhiem.sample import generate
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.certify import certify, export_bundle
from tinnhiem.services.keys import generate_key
from tinnhiem.services.ownership import check_challenge, start_challenge
from tinnhiem.services.groundtruth import check_ground_truth
from tinnhiem.services.ingest import import_files
from tinnhiem.services.reports import creator_report, ranking
from tinnhiem.settings import get_settings
from tinnhiem.store import db
from tinnhiem.verification import verify_bundle

DEMO_ORIGIN = "tinnhiem.demo/log"


def run_demo(*, output: Path, seed: int, database_url: str | None, console: Console, err: Console) -> None:
    started = time.perf_counter()
    output.mkdir(parents=True, exist_ok=True)
    url = database_url or _fresh_sqlite(output / "tinnhiem.sqlite")
    console.rule("1. Khởi tạo cơ sở dữ liệu / init")
    db.init_db(url)
    factory = db.session_factory(db.make_engine(url))
    console.print(cli_render.safe_url(url))

    console.rule("2. Sinh dữ liệu mẫu / sample")
    sample_dir = output / "sample"
    summary = generate(seed, sample_dir)
    cli_render.print_sample_summary(console, summary, sample_dir)

    console.rule("3. Nhập dữ liệu / import")
    files = sorted(sample_dir.glob("*.jsonl"))
    with cli_render.byte_progress(err, files, disable=False) as progress:
        report = import_files(factory, files, quarantine_path=output / "quarantine.jsonl", progress=progress)
    cli_render.print_import_report(console, report)

    console.rule("4. Đánh giá / assess")
    with cli_render.count_progress(err, "Đánh giá / assessing", disable=False) as progress:
        assess_creators(factory, progress=progress)

    with factory() as session:
        rows = ranking(session)
        check = check_ground_truth(session, sample_dir / "ground_truth.json")
        chosen = _report_subject(rows)
        data = creator_report(session, chosen)
    table = cli_render.ranking_table(rows, title="Bảng xếp hạng tín nhiệm / credibility ranking (✓ = đủ điều kiện chứng nhận)")
    wide = console if console.is_terminal else Console(width=max(console.width, 132))
    wide.print(table)
    for fmt in ("md", "html"):
        (output / f"report-{chosen}.{fmt}").write_text(render(data, fmt), encoding="utf-8")
    console.print(f"Báo cáo chi tiết / report: {output / f'report-{chosen}.md'} (và .html)")
    _print_check(console, check)
    _certify_and_verify(factory, output, sample_dir, [r.key for r in rows if r.eligible], console)
    console.print(f"Xong trong {time.perf_counter() - started:.1f} giây / done in {time.perf_counter() - started:.1f} s")


def _certify_and_verify(factory, output: Path, sample_dir: Path, eligible: list[str], console: Console) -> None:
    """Development key → creators prove account ownership → certificates → one verified offline."""
    console.rule("5. Chứng nhận / certificates")
    key_dir = output / "keys"
    shutil.rmtree(key_dir, ignore_errors=True)
    generate_key(factory, key_dir=key_dir, purpose="development")
    responses = _ownership_responses(factory, sample_dir, eligible, output / "ownership-responses.jsonl")
    import_files(factory, [responses], quarantine_path=output / "quarantine.jsonl")
    for account_key in _accounts_of(sample_dir, eligible).values():
        check_challenge(factory, account_key=account_key)
    results = certify(factory, key_dir=key_dir, env="development", origin=DEMO_ORIGIN)
    cli_render.print_issue_results(console, results)
    issued = [r for r in results if r.outcome == "issued"]
    if not issued:
        return
    bundle = export_bundle(factory, serial=issued[0].serial, key_dir=key_dir, env="development", origin=DEMO_ORIGIN)
    path = output / f"certificate-{issued[0].serial}.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    public_url = get_settings().public_url
    path.with_suffix(".pdf").write_bytes(certificate_pdf(bundle["certificate"], base_url=public_url, log_seq=bundle["log"]["seq"]))
    path.with_suffix(".svg").write_text(badge_svg(bundle["certificate"], base_url=public_url), encoding="utf-8")
    console.print(f"Chứng nhận PDF và huy hiệu / PDF and badge: {path.with_suffix('.pdf')}, {path.with_suffix('.svg')}")
    console.print(f"Kiểm tra ngoại tuyến / offline verification of {path}:")
    cli_render.print_verification(console, bundle, verify_bundle(json.loads(path.read_text(encoding="utf-8"))),
                                  trusted_keys_given=False)


def _accounts_of(sample_dir: Path, influencers: list[str]) -> dict[str, str]:
    """Each influencer's first account in the sample, as <platform>:<platform id>."""
    out: dict[str, str] = {}
    with (sample_dir / "01-influencers.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            if r["kind"] == "account" and r["influencer_id"] in influencers and r["influencer_id"] not in out:
                out[r["influencer_id"]] = f"{r['platform']}:{r['platform_id']}"
    return out


def _ownership_responses(factory, sample_dir: Path, influencers: list[str], path: Path) -> Path:
    """Issue codes, and write what the creators do with them: the code added to their bio."""
    wanted = set(_accounts_of(sample_dir, influencers).values())
    with (sample_dir / "01-influencers.jsonl").open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            r = json.loads(line)
            key = f"{r.get('platform')}:{r.get('platform_id')}"
            if r["kind"] == "account" and key in wanted:
                code = start_challenge(factory, account_key=key).code
                bio = f"{r.get('bio') or ''} · Xác minh Tín nhiệm: {code}".strip(" ·")
                out.write(json.dumps({**r, "bio": bio}, ensure_ascii=False) + "\n")
    return path


def _fresh_sqlite(path: Path) -> str:
    """The demo starts from an empty database every time, so its output is reproducible."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _report_subject(rows) -> str:
    """The creator with the most to explain: the lowest-ranked one that was fully assessed."""
    complete = [r for r in rows if r.tier != "?"] or rows
    return complete[-1].key


def _print_check(console: Console, check) -> None:
    console.print("Đối chiếu với dữ liệu gốc / ground-truth check (độ phủ / recall):")
    for behaviour, recall in check.recall.items():
        console.print(f"  {behaviour}: {recall:.0%}")
    console.print(f"  Xếp hạng sai / misranked pairs: {len(check.misranked)}")
