"""CLI commands of due process and certification: account ownership, review, certificates,
their lifecycle, appeals, signing keys and the transparency log. Adapters only: parse, call
one service, render. Registered on the main ``tinnhiem`` app by ``tinnhiem.cli``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from tinnhiem import cli_render
from tinnhiem.cli import app, console, err, settings, state, user_errors


@app.command("verify-account")
def verify_account(
    account: str = typer.Argument(..., help="<platform>:<platform id>, e.g. tiktok:7012345678901234567."),
    start: bool = typer.Option(False, "--start", help="Issue a new one-time code instead of checking."),
) -> None:
    """Prove account ownership: issue a code (--start), then check imported bio/posts for it."""
    from tinnhiem.services import ownership

    with user_errors(LookupError):
        if start:
            ch = ownership.start_challenge(state.factory(), account_key=account)
            console.print(f"Mã xác minh / verification code: [bold]{ch.code}[/bold] (hết hạn / expires {ch.expires_at:%Y-%m-%d})")
            console.print("Đặt mã vào tiểu sử hoặc một bài đăng của tài khoản, nhập lại dữ liệu rồi chạy lại lệnh này không có --start.")
            return
        ch = ownership.check_challenge(state.factory(), account_key=account)
    if ch.verified_at:
        console.print(f"Đã xác minh / verified: {account} ({ch.verified_via})")
    else:
        console.print(f"Chưa thấy mã {ch.code} trong nội dung đã nhập / code not found yet in imported content")
        raise typer.Exit(1)


keys_app = typer.Typer(no_args_is_help=True, help="Khóa ký / signing keys.")
app.add_typer(keys_app, name="keys")
log_app = typer.Typer(no_args_is_help=True, help="Nhật ký minh bạch / transparency log.")
app.add_typer(log_app, name="log")


@keys_app.command("generate")
def keys_generate(
    development: bool = typer.Option(False, "--development", help="Mark the key for development only (refused elsewhere)."),
) -> None:
    """Create a signing key and make it active (the previous active key is retired)."""
    from tinnhiem.services.keys import generate_key
    from tinnhiem.store import db

    db.init_db(state.url())
    info = generate_key(state.factory(), key_dir=Path(settings().key_dir), purpose="development" if development else "production")
    console.print(f"Khóa mới / new key: {info.key_id} ({info.purpose})")


@keys_app.command("rotate")
def keys_rotate(development: bool = typer.Option(False, "--development")) -> None:
    """Rotate: a new active key; earlier certificates keep verifying with the retired one."""
    keys_generate(development=development)


@app.command()
def certify(
    creator: list[str] = typer.Option([], "--creator", "-c", help="Influencer id (repeatable); default: all."),
    validity_days: int = typer.Option(365, help="Validity period in days."),
) -> None:
    """Issue certificates to creators whose latest assessment is eligible and who have a verified account."""
    from tinnhiem.services.certify import certify as issue

    s = settings()
    with user_errors(LookupError, PermissionError):
        results = issue(state.factory(), key_dir=Path(s.key_dir), env=s.env, origin=s.log_origin,
                        keys=creator or None, validity_days=validity_days)
    cli_render.print_issue_results(console, results)


@app.command("export-certificate")
def export_certificate(
    serial: str = typer.Argument(..., help="Certificate serial, e.g. TN-2026-000001."),
    output: Path = typer.Option(..., "--output", "-o", help="Bundle file (JSON) for offline verification."),
    pdf: Optional[Path] = typer.Option(None, "--pdf", help="Also write the Vietnamese PDF certificate with its QR code."),
    badge: Optional[Path] = typer.Option(None, "--badge", help="Also write an embeddable SVG badge."),
    vc_jwt: Optional[Path] = typer.Option(None, "--vc", help="Also write a W3C Verifiable Credential (JWT, EdDSA)."),
) -> None:
    """Write a certificate bundle: certificate, signature, log entry, inclusion proof, signed checkpoint, keys."""
    from tinnhiem.certdocs import badge_svg, certificate_pdf
    from tinnhiem.services.certify import export_bundle

    s = settings()
    with user_errors(LookupError, PermissionError):
        bundle = export_bundle(state.factory(), serial=serial, key_dir=Path(s.key_dir), env=s.env, origin=s.log_origin)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8")
    console.print(f"Đã ghi / written: {output}")
    if pdf:
        pdf.write_bytes(certificate_pdf(bundle["certificate"], base_url=s.public_url, log_seq=bundle["log"]["seq"]))
        console.print(f"Đã ghi / written: {pdf}")
    if badge:
        badge.write_text(badge_svg(bundle["certificate"], base_url=s.public_url), encoding="utf-8")
        console.print(f"Đã ghi / written: {badge}")
    if vc_jwt:
        from tinnhiem.services.certify import export_vc_jwt

        vc_jwt.write_text(export_vc_jwt(state.factory(), serial=serial, key_dir=Path(s.key_dir), env=s.env,
                                        issuer_id=s.public_url), encoding="ascii")
        console.print(f"Đã ghi / written: {vc_jwt}")


@app.command()
def verify(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Certificate bundle (JSON)."),
    keys: Optional[Path] = typer.Option(None, "--keys", exists=True, help="Trusted public keys: JSON {key_id: PEM}."),
    log_export: Optional[Path] = typer.Option(None, "--log-export", exists=True, help="A newer log export, to check revocation."),
) -> None:
    """Verify a certificate offline: signature, log inclusion, checkpoint, validity, revocation."""
    from tinnhiem.verification import verify_bundle

    try:
        bundle = json.loads(file.read_text(encoding="utf-8"))
        trusted = json.loads(keys.read_text(encoding="utf-8")) if keys else None
        export = json.loads(log_export.read_text(encoding="utf-8")) if log_export else None
    except json.JSONDecodeError as exc:
        err.print(f"Lỗi / error: not valid JSON ({exc.msg}, line {exc.lineno})")
        raise typer.Exit(2)
    result = verify_bundle(bundle, trusted_keys=trusted, log_export=export)
    cli_render.print_verification(console, bundle, result, trusted_keys_given=keys is not None)
    if not result.ok:
        raise typer.Exit(1)


@log_app.command("checkpoint")
def log_checkpoint() -> None:
    """Sign and print a checkpoint (size and root) of the transparency log."""
    from tinnhiem.services.certify import sign_log_checkpoint

    s = settings()
    print(json.dumps(sign_log_checkpoint(state.factory(), key_dir=Path(s.key_dir), env=s.env, origin=s.log_origin),
                     ensure_ascii=False))


@log_app.command("export")
def log_export_cmd(output: Path = typer.Option(..., "--output", "-o")) -> None:
    """Write every log entry with a signed checkpoint (for offline revocation checks)."""
    from tinnhiem.services.certify import export_log

    s = settings()
    export = export_log(state.factory(), key_dir=Path(s.key_dir), env=s.env, origin=s.log_origin)
    output.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    console.print(f"{len(export['entries'])} mục / entries → {output}")


@log_app.command("prove")
def log_prove(
    seq: Optional[int] = typer.Option(None, "--seq", help="Inclusion proof of this entry."),
    old_size: Optional[int] = typer.Option(None, "--old-size", help="Consistency proof from this size."),
    size: Optional[int] = typer.Option(None, "--size", help="Tree size (default: current)."),
) -> None:
    """Print an inclusion (--seq) or consistency (--old-size) proof as JSON (base64url hashes)."""
    from tinnhiem.services.certify import prove

    if (seq is None) == (old_size is None):
        err.print("Chọn --seq hoặc --old-size / choose --seq or --old-size")
        raise typer.Exit(2)
    with user_errors(ValueError, LookupError):
        print(json.dumps(prove(state.factory(), seq=seq, old_size=old_size, size=size)))


def _certificate_decision(serial: str, action: str, reason: str, actor: str) -> None:
    from tinnhiem.services.lifecycle import decide

    with user_errors(LookupError, ValueError):
        change = decide(state.factory(), serial=serial, action=action, reason=reason, actor=actor)
    console.print(f"{change.serial}: {change.status} — {change.reason} ({change.actor})")


@app.command()
def suspend(serial: str, reason: str = typer.Option(..., "--reason"), actor: str = typer.Option(..., "--actor")) -> None:
    """Suspend an active certificate (logged with who and why)."""
    _certificate_decision(serial, "suspend", reason, actor)


@app.command()
def revoke(serial: str, reason: str = typer.Option(..., "--reason"), actor: str = typer.Option(..., "--actor")) -> None:
    """Revoke a certificate by decision; only a successful appeal can reverse it."""
    _certificate_decision(serial, "revoke", reason, actor)


@app.command()
def reinstate(serial: str, reason: str = typer.Option(..., "--reason"), actor: str = typer.Option(..., "--actor")) -> None:
    """Lift a suspension."""
    _certificate_decision(serial, "reinstate", reason, actor)


appeal_app = typer.Typer(no_args_is_help=True, help="Kháng nghị / appeals.")
app.add_typer(appeal_app, name="appeal")


@appeal_app.command("file")
def appeal_file(
    creator: str = typer.Argument(..., help="Influencer id."),
    target: str = typer.Option(..., "--target", help="finding | assessment | certificate."),
    target_id: str = typer.Option(..., "--id", help="Finding id (prefix), assessment id or certificate serial."),
    statement: str = typer.Option(..., "--statement", help="The creator's statement."),
    evidence: list[str] = typer.Option([], "--evidence", help="Evidence links or file names (repeatable)."),
    filed_by: Optional[str] = typer.Option(None, "--by", help="Who files (default: the creator)."),
) -> None:
    """File an appeal against a finding, an assessment or a certificate decision."""
    from tinnhiem.services.appeals import file_appeal

    with user_errors(LookupError, ValueError):
        appeal_id = file_appeal(state.factory(), influencer_key=creator, target_kind=target, target_id=target_id,
                                statement=statement, evidence=evidence, filed_by=filed_by or creator)
    console.print(f"Đã nhận kháng nghị / appeal filed: #{appeal_id}")


@appeal_app.command("decide")
def appeal_decide(
    appeal_id: int = typer.Argument(...),
    outcome: str = typer.Option(..., "--outcome", help="upheld | rejected."),
    reason: str = typer.Option(..., "--reason"),
    reviewer: str = typer.Option(..., "--reviewer", help="Must not be who made the decision under appeal."),
) -> None:
    """Rule on an appeal; an upheld one takes effect at once (re-scoring or reinstatement)."""
    from tinnhiem.services.appeals import decide_appeal

    with user_errors(LookupError, ValueError, PermissionError):
        appeal = decide_appeal(state.factory(), appeal_id=appeal_id, outcome=outcome, reason=reason, reviewer=reviewer)
    console.print(f"Kháng nghị #{appeal.id}: {appeal.status} ({appeal.decided_by})")


review_app = typer.Typer(no_args_is_help=True, help="Xét duyệt phát hiện nghiêm trọng / review serious findings.")
app.add_typer(review_app, name="review")


@review_app.command("list")
def review_list(as_json: bool = typer.Option(False, "--json", help="One JSON object per line.")) -> None:
    """Serious automated findings waiting for a reviewer's decision."""
    from tinnhiem.services.review import review_queue

    with state.factory()() as session:
        items = review_queue(session)
    if as_json:
        for item in items:
            print(json.dumps(item.__dict__, ensure_ascii=False))
        return
    console.print(cli_render.review_table(items))


def _decide(fingerprint: str, decision: str, reason: str, reviewer: str) -> None:
    from tinnhiem.services.review import decide_finding

    with user_errors(LookupError, ValueError):
        summary = decide_finding(state.factory(), fingerprint=fingerprint, decision=decision, reason=reason, reviewer=reviewer)
    console.print(f"Đã ghi quyết định và chấm lại / decision recorded, re-scored: {summary.influencer_key} "
                  f"{summary.total:.1f} hạng {summary.tier}{' (đủ điều kiện)' if summary.eligible else ''}")


@review_app.command("confirm")
def review_confirm(
    fingerprint: str = typer.Argument(..., help="Finding id (a unique prefix is enough)."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the record)."),
    reviewer: str = typer.Option(..., "--reviewer", help="Who decides."),
) -> None:
    """Confirm a finding: it counts, and a serious one fails the certification gate."""
    _decide(fingerprint, "confirmed", reason, reviewer)


@review_app.command("dismiss")
def review_dismiss(
    fingerprint: str = typer.Argument(..., help="Finding id (a unique prefix is enough)."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the record)."),
    reviewer: str = typer.Option(..., "--reviewer", help="Who decides."),
) -> None:
    """Dismiss a finding: it stops counting and the creator is re-scored."""
    _decide(fingerprint, "dismissed", reason, reviewer)
