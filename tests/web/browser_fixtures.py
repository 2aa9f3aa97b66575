"""Helpers of the authenticated-page and browser tests: a private copy of the ``site``
database (these tests write: decisions, appeals, suspensions), logins made by these tests,
logging in through the real login page, and the application served by uvicorn on a free port.
"""

from __future__ import annotations

import io
import re
import socket
import sqlite3
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from fastapi.testclient import TestClient

from tinnhiem.api.app import create_app
from tinnhiem.services import accounts
from tinnhiem.services.reports import creator_report
from tinnhiem.store import db

PASSWORD = "mat-khau-thu-nghiem-1"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


@dataclass
class Workspace:
    """A copy of the site database with its own application and logins."""

    url: str
    factory: object
    settings: object
    app: object
    creator_key: str  # a certified creator
    other_creator_key: str  # a creator with findings, never the one above
    users: dict[str, tuple[str, str]] = field(default_factory=dict)  # name: (username, password)
    brands: dict[str, str] = field(default_factory=dict)  # brand user name: brand


def copy_database(source_url: str, dest: Path) -> str:
    """Copy a SQLite database consistently (the backup API also copies the WAL's content)."""
    src = sqlite3.connect(source_url.removeprefix("sqlite:///"))
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return f"sqlite:///{dest}"


def make_workspace(site: dict, folder: Path, *, public_url: str = "http://testserver") -> Workspace:
    folder.mkdir(parents=True, exist_ok=True)
    url = copy_database(site["url"], folder / "site.sqlite")
    factory = db.session_factory(db.init_db(url))
    settings = site["settings"].model_copy(update={"database_url": url, "public_url": public_url})
    creator = site["eligible"][0]
    other = _creator_with_findings(factory, [k for k in site["all"] if k not in site["eligible"]])
    ws = Workspace(url=url, factory=factory, settings=settings, app=create_app(settings),
                   creator_key=creator, other_creator_key=other)
    for name, role, inf, brand in [
        ("creator", "creator", creator, None), ("creator2", "creator", other, None),
        ("brand", "brand", None, "Nhãn hàng Sen Vàng"), ("brand2", "brand", None, "Công ty Mây Xanh"),
        ("reviewer", "reviewer", None, None), ("reviewer2", "reviewer", None, None),
        ("operator", "operator", None, None),
    ]:
        username = f"w3-{name}"
        accounts.create_user(factory, username=username, password=PASSWORD, role=role, influencer_key=inf, brand=brand)
        ws.users[name] = (username, PASSWORD)
        if brand:
            ws.brands[name] = brand
    return ws


def _creator_with_findings(factory, keys: list[str]) -> str:
    """The creator, among ``keys``, with the most findings behind deductions."""
    def count(key: str) -> int:
        with factory() as session:
            report = creator_report(session, key)
        return sum(len(d["findings"]) for c in report["criteria"] for d in c["deductions"])

    return max(keys, key=lambda k: (count(k), k))


def csrf_token(html: str) -> str:
    found = CSRF_META.search(html)
    assert found, "every page carries the CSRF token in <meta name=csrf-token>"
    return found.group(1)


def login(client: TestClient, username: str, password: str) -> str:
    """Log in through /dang-nhap like a browser; returns the session's CSRF token."""
    token = csrf_token(client.get("/dang-nhap").text)
    r = client.post("/dang-nhap", data={"username": username, "password": password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code in (302, 303), f"login of {username} failed: {r.status_code} {r.text[:200]}"
    client.app.state.rate_limiter.reset("login")  # these tests log in many times from one address
    return csrf_token(client.get("/").text)


def logged_in(app, username: str, password: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    return client, login(client, username, password)


# --------------------------------------------------------------------------- a live server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving ``app`` in a background thread (the same process: same database file)."""

    def __init__(self, app, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the application server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


# --------------------------------------------------------------------------- reading a PDF's QR code back

IMAGE_OBJECT = re.compile(rb"<<(?P<dict>(?:(?!>>\s*stream).)*?/Subtype /Image.*?)>>\s*stream\r?\n", re.S)


def pdf_bilevel_images(pdf: bytes) -> list:
    """The 1-bit CCITT G4 images of a PDF (how fpdf2 embeds a black-and-white PNG), decoded
    by Pillow through a minimal TIFF wrapper."""
    from PIL import Image

    images = []
    for match in IMAGE_OBJECT.finditer(pdf):
        head = match.group("dict")
        if b"/CCITTFaxDecode" not in head:
            continue
        width, height, length = (int(re.search(rb"/%s (\d+)" % name, head).group(1))
                                 for name in (b"Width", b"Height", b"Length"))
        data = pdf[match.end():match.end() + length]
        black_is_1 = b"/BlackIs1 true" in head
        images.append(Image.open(io.BytesIO(_g4_tiff(data, width, height, black_is_1))).convert("1"))
    return images


def _g4_tiff(data: bytes, width: int, height: int, black_is_1: bool) -> bytes:
    """A one-strip little-endian TIFF around CCITT G4 data."""
    tags = [(256, 3, width), (257, 3, height), (258, 3, 1), (259, 3, 4), (262, 3, 1 if black_is_1 else 0),
            (273, 4, 0), (278, 3, height), (279, 4, len(data))]
    ifd_size = 2 + 12 * len(tags) + 4
    offset = 8 + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(tags)))
    for tag, kind, value in tags:
        value = offset if tag == 273 else value
        out += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
    out += struct.pack("<I", 0) + data
    return bytes(out)


def qr_modules(image, box: int) -> list[list[bool]]:
    """The module matrix of a QR image drawn with ``box`` pixels per module (dark = True)."""
    n = image.width // box
    return [[image.getpixel((x * box + box // 2, y * box + box // 2)) == 0 for x in range(n)] for y in range(n)]
