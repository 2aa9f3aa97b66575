"""CLI commands of the web application's background work (webhook delivery). Registered on
the main ``tinnhiem`` app by ``tinnhiem.cli``."""

from __future__ import annotations

import typer

from tinnhiem.cli import app, console, state

webhooks_app = typer.Typer(no_args_is_help=True, help="Webhook cho nền tảng / platform webhooks.")
app.add_typer(webhooks_app, name="webhooks")


@webhooks_app.command("deliver")
def webhooks_deliver(
    max_attempts: int = typer.Option(5, min=1, help="Give up on an event after this many failed attempts."),
    timeout: float = typer.Option(10.0, min=0.5, help="Seconds to wait for each receiver."),
) -> None:
    """POST undelivered certificate events to every webhook, signed with HMAC-SHA256."""
    from tinnhiem.services.feed import deliver_webhooks, http_send

    report = deliver_webhooks(state.factory(), max_attempts=max_attempts,
                              send=lambda url, body, headers: http_send(url, body, headers, timeout=timeout))
    console.print(f"Đã gửi / delivered: {report.delivered} · lỗi, sẽ thử lại / failed, will retry: {report.failed}"
                  f" · bỏ qua / gave up: {report.gave_up}")
