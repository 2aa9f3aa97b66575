"""Command line: ``tinnhiem init | sample | import | assess | report | detect | demo | serve``.

Adapters only: each command parses its arguments, calls one service, renders the result.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from tinnhiem import cli_render
from tinnhiem.settings import get_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="tinnhiem — đánh giá tín nhiệm người có ảnh hưởng (influencer credibility assessment).",
)
console = Console()
err = Console(stderr=True)


class State:
    database_url: str | None = None

    def url(self) -> str:
        return self.database_url or get_settings().database_url

    def factory(self):
        from tinnhiem.store import db

        return db.session_factory(db.make_engine(self.url()))


state = State()


@contextlib.contextmanager
def user_errors(*kinds: type[BaseException]):
    """Errors a user can fix (unknown id, refused decision...) print one line and exit 2."""
    try:
        yield
    except kinds as exc:
        err.print(f"Lỗi / error: {exc}", highlight=False, markup=False)
        raise typer.Exit(2)


def settings():
    return get_settings()


@app.callback()
def main(
    database_url: Optional[str] = typer.Option(
        None, "--database-url", envvar="TINNHIEM_DATABASE_URL",
        help="SQLAlchemy URL (default: SQLite file var/tinnhiem.sqlite).",
    ),
) -> None:
    state.database_url = database_url


@app.command()
def init() -> None:
    """Create or upgrade the database schema (Alembic migrations)."""
    from tinnhiem.store import db

    db.init_db(state.url())
    console.print(f"Cơ sở dữ liệu sẵn sàng / database ready: {cli_render.safe_url(state.url())}")


@app.command()
def sample(
    seed: int = typer.Option(42, help="Random seed: the same seed gives the same world."),
    output: Path = typer.Option(Path("demo-output/sample"), help="Folder for the JSONL files."),
    creators: int = typer.Option(72, min=1, help="Number of creators."),
) -> None:
    """Write a realistic Vietnamese sample world as canonical JSONL plus ground truth."""
    from tinnhiem.sample import generate

    summary = generate(seed, output, creators=creators)
    cli_render.print_sample_summary(console, summary, output)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Canonical JSONL files."),
    quarantine: Optional[Path] = typer.Option(None, help="Where rejected lines go (default: <name>.quarantine.jsonl beside each file)."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Import canonical JSON Lines files (streaming, validated, idempotent)."""
    from tinnhiem.services.ingest import import_files
    from tinnhiem.store import db

    db.init_db(state.url())
    with cli_render.byte_progress(err, files, disable=as_json) as progress:
        report = import_files(state.factory(), files, quarantine_path=quarantine, progress=progress)
    if as_json:
        print(json.dumps(cli_render.import_counts(report)))
    else:
        cli_render.print_import_report(console, report)
    for e in report.errors[:20]:  # errors go to stderr, so --json output stays parseable
        err.print(f"✗ {e}", highlight=False, markup=False)
    if len(report.errors) > 20:
        err.print(f"… {len(report.errors) - 20} more, see the quarantine file")


@app.command()
def assess(
    creator: list[str] = typer.Option([], "--creator", "-c", help="Influencer id (repeatable); default: all."),
    methodology: Optional[str] = typer.Option(None, help="Methodology version (default: newest published)."),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON lines."),
) -> None:
    """Run the detectors and the methodology; store one assessment per creator."""
    from tinnhiem.services.assess import assess_creators

    with cli_render.count_progress(err, "Đánh giá / assessing", disable=as_json) as progress:
        results = assess_creators(state.factory(), keys=creator or None, methodology_version=methodology, progress=progress)
    if as_json:
        for r in results:
            print(json.dumps(r.__dict__, ensure_ascii=False))
    else:
        console.print(f"Đã đánh giá {len(results)} người có ảnh hưởng / assessed {len(results)} creators.")


@app.command()
def report(
    creator: str = typer.Argument(..., help="Influencer id, e.g. kol-0001."),
    fmt: str = typer.Option("md", "--format", "-f", help="md or html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """One creator's report: scores, tier, every deduction with quoted evidence and legal source."""
    from tinnhiem.report import render
    from tinnhiem.services.reports import creator_report

    with state.factory()() as session, user_errors(LookupError):
        data = creator_report(session, creator)
    text = render(data, fmt)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        console.print(f"Đã ghi báo cáo / report written: {output}")
    else:
        sys.stdout.write(text)


@app.command()
def detect(
    detector: list[str] = typer.Option([], "--detector", "-d", help="Detector id (repeatable)."),
    all_: bool = typer.Option(False, "--all", help="Run every detector."),
    input: Path = typer.Option(..., "--input", "-i", exists=True, dir_okay=False, help="JSONL: {\"id\", \"text\", ...}."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL with findings per input line."),
) -> None:
    """Run detectors over JSONL items without a database (batch mode)."""
    from tinnhiem.services.detect import DetectInputError, detect_file

    if bool(detector) == all_:
        err.print("Chọn --detector ID hoặc --all / choose --detector ID or --all")
        raise typer.Exit(2)
    with user_errors(DetectInputError, KeyError):
        counts = detect_file(input, output, detector_ids=None if all_ else detector)
    console.print(f"{counts['items']} mục, {counts['findings']} phát hiện → {output}")


@app.command()
def demo(
    output: Path = typer.Option(Path("demo-output"), help="Folder for sample data, database and report."),
    seed: int = typer.Option(42, help="Sample seed."),
) -> None:
    """init → sample → import → assess → ranked table and one report (what `make demo` runs)."""
    from tinnhiem.demo import run_demo

    run_demo(output=output, seed=seed, database_url=state.database_url, console=console, err=err)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    output: Path = typer.Option(Path("demo-output"), help="Demo folder (database built there when missing)."),
    seed: int = typer.Option(42, help="Sample seed when the demo database is built."),
) -> None:
    """Web application on the demo database (built if missing); prints the address and demo logins."""
    import uvicorn

    from tinnhiem import demo_site
    from tinnhiem.api.app import create_app

    with user_errors(LookupError):
        site = demo_site.prepare(output=output, seed=seed, database_url=state.database_url, console=console, err=err)
    demo_site.print_welcome(console, site, host=host, port=port)
    uvicorn.run(create_app(site.settings), host=host, port=port, log_level="info")


from tinnhiem import cli_due_process  # noqa: E402,F401  (registers the review, certificate and log commands)
from tinnhiem import cli_web  # noqa: E402,F401  (registers the webhook commands)

if __name__ == "__main__":  # pragma: no cover
    app()
