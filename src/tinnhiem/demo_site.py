"""`tinnhiem serve`: the web application on the demo database, with one demo login per role.

Composes existing pieces: ``tinnhiem.demo.run_demo`` builds the database (once, when it is
missing), :func:`tinnhiem.services.accounts.seed_demo_users` gives each role a login with a
fresh random password, and uvicorn serves ``create_app(settings)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tinnhiem.demo import DEMO_ORIGIN, run_demo
from tinnhiem.services import accounts, dossiers
from tinnhiem.services.reports import ranking
from tinnhiem.settings import Settings, get_settings
from tinnhiem.store import db

DEMO_BRAND = "Mochi Cosmetics"


@dataclass(frozen=True)
class DemoSite:
    settings: Settings
    logins: dict[str, tuple[str, str]]
    creator: str
    brand: str


def prepare(*, output: Path, seed: int, database_url: str | None, console: Console, err: Console) -> DemoSite:
    """Build the demo database if it is missing, then (re)seed the demo logins."""
    db_file = output / "tinnhiem.sqlite"
    url = database_url or f"sqlite:///{db_file}"
    if database_url is None and not db_file.exists():
        console.print("Chưa có cơ sở dữ liệu demo, đang tạo / building the demo database…")
        run_demo(output=output, seed=seed, database_url=None, console=console, err=err)
    factory = db.session_factory(db.init_db(url))
    creator = _demo_creator(factory)
    brand = _demo_brand(factory)
    logins = accounts.seed_demo_users(factory, influencer_key=creator, brand=brand)
    settings = get_settings(database_url=url, key_dir=str(output / "keys"), log_origin=DEMO_ORIGIN)
    return DemoSite(settings, logins, creator, brand)


def _demo_creator(factory) -> str:
    """A creator with a certificate (so the portal shows one), else the best-ranked one."""
    certified = dossiers.list_certificates(factory, status="active", limit=1)
    if certified:
        return certified[0]["influencer_key"]
    with factory() as session:
        rows = ranking(session)
    if not rows:
        raise LookupError("the database has no assessed creator: run `tinnhiem demo` or import data first")
    return rows[0].key


def _demo_brand(factory) -> str:
    from tinnhiem.api.deps import Principal, Role
    from tinnhiem.services.declarations import list_declarations

    declared = list_declarations(factory, principal=Principal(role=Role.reviewer, username="demo"), limit=1)
    return declared[0]["brand"] if declared else DEMO_BRAND


def print_welcome(console: Console, site: DemoSite, *, host: str, port: int) -> None:
    shown = "localhost" if host in ("0.0.0.0", "127.0.0.1", "::") else host
    console.rule("Tín nhiệm — ứng dụng web / web application")
    console.print(f"Địa chỉ / address: [bold]http://{shown}:{port}/[/bold]   OpenAPI: http://{shown}:{port}/openapi.json")
    table = Table(title="Tài khoản demo / demo logins (mật khẩu mới mỗi lần chạy / new passwords every run)")
    for column in ("vai trò / role", "tên đăng nhập / username", "mật khẩu / password", "trang / home"):
        table.add_column(column)
    homes = {"creator": "/cua-toi", "brand": "/doanh-nghiep"}
    for role, (username, password) in site.logins.items():
        table.add_row(role, username, password, homes.get(role, "/tham-dinh"))
    console.print(table)
    console.print(f"Người có ảnh hưởng demo / demo creator: {site.creator} · doanh nghiệp / brand: {site.brand}")
    console.print("Đăng nhập tại / log in at /dang-nhap · dừng / stop: Ctrl+C")
