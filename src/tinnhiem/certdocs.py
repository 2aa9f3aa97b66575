"""Human-facing forms of a certificate: a Vietnamese PDF with a QR code, and an SVG badge.

Both are rendered from the signed certificate body alone. The PDF embeds Be Vietnam Pro from
the ``fontpkg-be-vietnam-pro`` package (no system font), and fpdf2 raises rather than drawing
boxes when a glyph is missing. The QR code points to the public verification page.
"""

from __future__ import annotations

import io
from datetime import datetime
from html import escape

import fontpkg_be_vietnam_pro
import qrcode
from fpdf import FPDF

CRITERIA_VI = (
    ("authenticity", "Tính xác thực của nội dung"),
    ("ad_compliance", "Tuân thủ quy tắc quảng cáo"),
    ("commercial_transparency", "Minh bạch trong hợp tác thương mại"),
    ("community_feedback", "Phản hồi tích cực từ cộng đồng"),
)
PLATFORMS = {"tiktok": "TikTok", "facebook": "Facebook", "youtube": "YouTube", "instagram": "Instagram"}
TIER_COLOURS = {"A": "#1a7f37", "B": "#0969da", "C": "#9a6700", "D": "#cf222e"}


def verification_url(base_url: str, serial: str) -> str:
    return f"{base_url.rstrip('/')}/xac-minh/{serial}"


def vn_date(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%d/%m/%Y")


def _vn(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def _qr_png(url: str) -> io.BytesIO:
    img = qrcode.make(url, border=1, box_size=8)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    return buf


def _font(pdf: FPDF) -> None:
    files = fontpkg_be_vietnam_pro.ROOT / "files"
    pdf.add_font("BeVietnamPro", "", str(files / "BeVietnamPro-Regular.ttf"))
    pdf.add_font("BeVietnamPro", "B", str(files / "BeVietnamPro-Bold.ttf"))
    pdf.add_font("BeVietnamPro", "I", str(files / "BeVietnamPro-Italic.ttf"))


def certificate_pdf(body: dict, *, base_url: str, log_seq: int | None = None) -> bytes:
    """A one-page A4 landscape certificate in Vietnamese (English in italics)."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"Chứng nhận tín nhiệm {body['serial']}")
    pdf.set_author(body.get("issuer", "tinnhiem"))
    _font(pdf)
    pdf.add_page()
    pdf.set_draw_color(26, 127, 55)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, 281, 194)
    _heading(pdf, body)
    _scores(pdf, body)
    _footer(pdf, body, base_url, log_seq)
    return bytes(pdf.output())


def _heading(pdf: FPDF, body: dict) -> None:
    pdf.set_y(18)
    pdf.set_font("BeVietnamPro", "B", 24)
    pdf.cell(0, 12, "CHỨNG NHẬN TÍN NHIỆM NGƯỜI CÓ ẢNH HƯỞNG", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("BeVietnamPro", "I", 11)
    pdf.cell(0, 6, "Influencer Credibility Certificate", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("BeVietnamPro", "", 12)
    pdf.cell(0, 7, "Chứng nhận / This certifies", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("BeVietnamPro", "B", 26)
    pdf.cell(0, 14, body["creator"]["name"], align="C", new_x="LMARGIN", new_y="NEXT")
    accounts = " · ".join(f"{PLATFORMS.get(a['platform'], a['platform'])} @{a['handle']}" for a in body["accounts"])
    pdf.set_font("BeVietnamPro", "", 11)
    pdf.cell(0, 7, f"Tài khoản đã xác minh: {accounts}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("BeVietnamPro", "B", 18)
    pdf.cell(0, 11, f"Hạng {body['tier']} — {body.get('tier_label_vi', '')} — {_vn(body['scores']['total'])}/100",
             align="C", new_x="LMARGIN", new_y="NEXT")


def _scores(pdf: FPDF, body: dict) -> None:
    pdf.ln(3)
    pdf.set_font("BeVietnamPro", "", 11)
    left = 60
    for cid, title in CRITERIA_VI:
        pdf.set_x(left)
        pdf.cell(120, 7, title)
        pdf.cell(40, 7, f"{_vn(body['scores'].get(cid))} / 25", align="R", new_x="LMARGIN", new_y="NEXT")


def _footer(pdf: FPDF, body: dict, base_url: str, log_seq: int | None) -> None:
    url = verification_url(base_url, body["serial"])
    pdf.image(_qr_png(url), x=238, y=142, w=42, h=42)
    pdf.set_xy(20, 150)
    pdf.set_font("BeVietnamPro", "", 10)
    lines = [
        f"Số chứng nhận: {body['serial']}",
        f"Hiệu lực: {vn_date(body['valid_from'])} – {vn_date(body['valid_until'])}",
        f"Phương pháp đánh giá {body['methodology']['version']} · khóa ký {body['key_id']}",
        "Ký số Ed25519 và ghi vào nhật ký minh bạch" + (f" (mục số {log_seq})." if log_seq is not None else "."),
        f"Xác minh: quét mã QR hoặc truy cập {url}",
    ]
    for line in lines:
        pdf.set_x(20)
        pdf.cell(210, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.set_font("BeVietnamPro", "I", 9)
    pdf.cell(210, 6, "Verify by scanning the QR code; the certificate is signed and publicly logged.")


def badge_svg(body: dict, *, base_url: str) -> str:
    """An embeddable badge; every text is escaped."""
    colour = TIER_COLOURS.get(body["tier"], "#57606a")
    url = escape(verification_url(base_url, body["serial"]), quote=True)
    label = escape(f"Tín nhiệm {body['tier']} · {_vn(body['scores']['total'])}")
    serial = escape(body["serial"])
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40" role="img" '
        f'aria-label="{label} — {serial}">'
        f'<title>{label} — {serial}</title>'
        f'<a href="{url}"><rect width="220" height="40" rx="6" fill="{colour}"/>'
        '<text x="12" y="17" fill="#fff" font-family="sans-serif" font-size="13" font-weight="bold">'
        f'{label}</text><text x="12" y="32" fill="#fff" font-family="sans-serif" font-size="10">{serial}</text></a></svg>'
    )
