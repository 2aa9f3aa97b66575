"""Browser tests: the real application served by uvicorn, driven in Debian's chromium with
Playwright. The acceptance flows of the web application, screenshots of the main pages (in
``$TINNHIEM_ARTIFACTS``, default ``test-artifacts/screenshots``), a phone-sized layout check
and stored script injection that must never run.

Skipped when /usr/bin/chromium is missing, except under CI (``CI`` set), where that fails.
"""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest

from browser_fixtures import LiveServer, free_port, make_workspace, pdf_bilevel_images, qr_modules
from canonical_testdata import WORLD_T0
from tinnhiem.services import complaints, dossiers
from tinnhiem.services.assess import assess_creators
from tinnhiem.services.ingest import import_files

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=2">'
EVIL_NAME = f"Mai Độc {PAYLOAD_SCRIPT}{PAYLOAD_IMG}"
EVIL_KEY = "kol-evil-01"
BANNED_CAPTION = ("Cả nhà ơi! Thuốc giảm cân Sibutra, uống là thấy khác. Viên giảm cân Sibutra hàng Thái, "
                  "ship toàn quốc, inbox đặt hàng. Link mua: https://s.shopee.vn/w3Sibutra")


def artifacts() -> Path:
    folder = Path(os.environ.get("TINNHIEM_ARTIFACTS") or Path(__file__).parents[2] / "test-artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page, name: str) -> None:
    page.screenshot(path=str(artifacts() / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"Debian's chromium is needed at {CHROMIUM} for the browser tests (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _records(ws) -> list[dict]:
    """A critical violation for the certified creator, and a creator whose stored name and
    captions carry script injection."""
    account = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["accounts"][0]
    platform, _, platform_id = account["account_key"].partition(":")
    at = (WORLD_T0 - timedelta(days=3)).isoformat()

    def post(platform, platform_id, post_id, caption):
        return {"kind": "post", "account": {"platform": platform, "platform_id": platform_id}, "post_id": post_id,
                "url": f"https://example.org/{post_id}", "published_at": at, "format": "image", "caption": caption,
                "hashtags": [], "links": ["https://s.shopee.vn/w3Sibutra"], "mentions": [], "paid_partnership": False, "language": "vi",
                "metrics": {"views": 1000, "likes": 50, "comments": 3, "shares": 0}}

    return [
        post(platform, platform_id, "w3-critical-1", BANNED_CAPTION),
        {"kind": "influencer", "id": EVIL_KEY, "name": EVIL_NAME, "niches": ["làm đẹp"], "province": "Hà Nội",
         "bio": PAYLOAD_IMG},
        {"kind": "account", "influencer_id": EVIL_KEY, "platform": "tiktok", "platform_id": "9990001",
         "handle": "mai_doc", "url": "https://example.org/mai_doc", "followers": 1234, "bio": PAYLOAD_SCRIPT,
         "verified": False},
        *[post("tiktok", "9990001", f"w3-evil-{i}", f"{BANNED_CAPTION} {PAYLOAD_SCRIPT} {PAYLOAD_IMG}")
          for i in range(4)],
    ]


@pytest.fixture(scope="module")
def live(site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    port = free_port()
    ws = make_workspace(site, folder, public_url=f"http://127.0.0.1:{port}")
    extra = folder / "extra.jsonl"
    extra.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _records(ws)) + "\n", encoding="utf-8")
    assert import_files(ws.factory, [extra]).rejected == 0
    assess_creators(ws.factory, keys=[ws.creator_key, EVIL_KEY], now=WORLD_T0)
    with LiveServer(ws.app, port) as server:
        yield ws, server.url


@pytest.fixture()
def page(browser, live):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/dang-nhap")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")


def _certified_for_verification(ws) -> str:
    """A certified creator other than the one whose certificate the review flow suspends."""
    return next(k for k in reversed(sorted(ws_eligible(ws))) if k != ws.creator_key)


def ws_eligible(ws) -> list[str]:
    return [c["influencer_key"] for c in dossiers.list_certificates(ws.factory, status="active")]


# --------------------------------------------------------------------------- a. search → profile → QR link


def test_search_profile_and_verify_through_the_qr_link(page, live):
    ws, base = live
    key = _certified_for_verification(ws)
    name = dossiers.creator_dossier(ws.factory, influencer_key=key)["name"]
    page.goto(base + "/")
    shoot(page, "registry")
    page.fill("#q", name)
    page.press("#q", "Enter")
    page.wait_for_selector(f'#results a[href="/nguoi-anh-huong/{key}"]')
    page.click(f'#results a[href="/nguoi-anh-huong/{key}"]')
    page.wait_for_url(f"**/nguoi-anh-huong/{key}")
    assert name in page.inner_text("h1")
    shoot(page, "profile")
    badge_href = page.get_attribute('a[href$="/badge.svg"]', "href")
    pdf_href = page.get_attribute('a[href$="/pdf"]', "href")
    pdf = page.request.get(base + pdf_href)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    badge = page.request.get(base + badge_href).text()
    qr_target = re.search(r'<a href="([^"]+)"', badge).group(1)  # the link the certificate carries
    assert qr_target.startswith(f"{base}/xac-minh/")
    assert qr_matrix_in_pdf(pdf.body()) == qr_matrix(qr_target)  # the PDF's QR code encodes the same link
    phone = page.context.browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        scan = phone.new_page()
        scan.goto(qr_target)
        assert "Còn hiệu lực" in scan.inner_text("main")
        shoot(scan, "verification")
    finally:
        phone.close()


# --------------------------------------------------------------------------- b. review → suspension


def test_a_confirmed_critical_finding_suspends_the_certificate(page, live):
    ws, base = live
    log_in(page, base, *ws.users["reviewer"])
    assert page.url.endswith("/tham-dinh")
    name = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["name"]
    row = page.locator("#review-queue tr", has_text=name).first
    row.locator("a").click()
    page.wait_for_selector(f'#review-current:has-text("{name}")')
    shoot(page, "console")
    page.keyboard.press("1")  # reason: clear evidence
    assert page.is_checked('input[name=reason][value="1"]')
    page.keyboard.press("c")  # confirm
    page.wait_for_selector("#review-current .notice")
    serial = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["certificates"][0]["serial"]
    assert serial in page.inner_text("#review-current")
    page.goto(f"{base}/nguoi-anh-huong/{ws.creator_key}")
    assert "Đang bị đình chỉ" in page.inner_text("main")
    page.goto(f"{base}/xac-minh/{serial}")
    assert "Đang bị đình chỉ" in page.inner_text("main")


def test_moving_through_the_queue_with_j_and_k(page, live):
    ws, base = live
    log_in(page, base, *ws.users["reviewer2"])
    first = page.inner_text("#review-current h2")
    page.keyboard.press("j")
    page.wait_for_function("h => document.querySelector('#review-current h2').innerText !== h", arg=first)
    assert page.inner_text("#review-current h2").startswith("Mục 2/")
    page.keyboard.press("k")
    page.wait_for_function("h => document.querySelector('#review-current h2').innerText === h", arg=first)


# --------------------------------------------------------------------------- c. a consumer's complaint


def test_a_consumer_files_a_complaint_and_gets_a_reference(page, live):
    ws, base = live
    page.goto(f"{base}/khieu-nai?nguoi={ws.creator_key}")
    shoot(page, "complaint-form")
    page.select_option("#category", "misleading_claim")
    page.fill("#text", f"Video quảng cáo nói thuốc giảm cân uống là khỏi béo, tôi dùng không có tác dụng. {PAYLOAD_IMG}")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    reference = page.inner_text("[data-reference]").strip()
    assert reference
    filed = complaints.list_complaints(ws.factory, influencer_key=ws.creator_key)["items"]
    assert reference in [c["reference"] for c in filed]
    log_in(page, base, *ws.users["reviewer2"])
    page.goto(f"{base}/tham-dinh/phan-anh")
    assert PAYLOAD_IMG in page.inner_text(f'[data-complaint="{reference}"]')  # shown as text
    assert page.evaluate("window.__pwned") is None


# --------------------------------------------------------------------------- d. a creator appeals


def test_a_creator_appeals_from_the_portal(page, live):
    ws, base = live
    log_in(page, base, *ws.users["creator"])
    assert page.url.endswith("/cua-toi")
    shoot(page, "portal")
    before = len(dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["appeals"])
    serial = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["certificates"][0]["serial"]
    page.select_option("#appeal-target", f"certificate:{serial}")
    page.fill("#appeal-statement", "Bài đăng đã được gỡ và tôi đã bổ sung ghi nhận quảng cáo.")
    with page.expect_navigation():
        page.click("#khang-nghi button[type=submit]")
    assert "Đã gửi kháng nghị" in page.inner_text("main")
    appeals = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["appeals"]
    assert len(appeals) == before + 1 and appeals[0]["target_id"] == serial
    assert page.locator(f'#my-appeals tr[data-appeal="{appeals[0]["id"]}"]').count() == 1


# --------------------------------------------------------------------------- brand comparison, observatory


def test_a_brand_compares_its_shortlist(page, live):
    ws, base = live
    log_in(page, base, *ws.users["brand"])
    for n, add in enumerate(page.locator("#brand-results button[value=add]").all()[:3], start=1):
        add.click()  # htmx swaps the shortlist box; wait for it before the next add
        page.wait_for_function("n => document.querySelectorAll('#shortlist li').length === n", arg=n)
    page.click("#shortlist a.button")
    page.wait_for_url("**/doanh-nghiep/so-sanh")
    assert page.locator('#comparison th[scope=col]').count() == 3
    shoot(page, "brand-comparison")


def test_observatory_page(page, live):
    _, base = live
    page.goto(base + "/quan-sat")
    assert page.locator("svg").count() >= 1
    shoot(page, "observatory")


# --------------------------------------------------------------------------- phone layout, injection


@pytest.mark.parametrize("path", ["/", "/nguoi-anh-huong/{key}"])
def test_no_horizontal_overflow_on_a_phone(browser, live, path):
    ws, base = live
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(base + path.format(key=ws.creator_key))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide on a 375px screen"
    finally:
        context.close()


def test_stored_script_injection_is_shown_as_text_never_run(page, live):
    ws, base = live
    for path in ("/?q=Mai", f"/nguoi-anh-huong/{EVIL_KEY}"):
        page.goto(base + path)
        assert PAYLOAD_SCRIPT in page.inner_text("main"), path  # visible as text
        assert page.evaluate("window.__pwned") is None, path
    log_in(page, base, *ws.users["reviewer"])
    page.goto(base + "/tham-dinh")
    assert EVIL_NAME.split(" <")[0] in page.inner_text("#review-queue")
    assert PAYLOAD_SCRIPT in page.inner_text("#review-queue")
    assert page.evaluate("window.__pwned") is None


# --------------------------------------------------------------------------- the QR code of the PDF


def qr_matrix(url: str) -> list[list[bool]]:
    """The module matrix of the QR code certdocs draws for ``url`` (same library, same options)."""
    import qrcode

    qr = qrcode.QRCode(border=1, box_size=8)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_matrix_in_pdf(pdf: bytes) -> list[list[bool]]:
    """Read the QR image embedded in the certificate PDF back into a module matrix."""
    (image,) = [im for im in pdf_bilevel_images(pdf) if im.width == im.height]
    return qr_modules(image, box=8)
