"""`tinnhiem serve` (uvicorn replaced by a recorder) and `tinnhiem webhooks deliver`."""

from __future__ import annotations

from fastapi.testclient import TestClient
from site_fixtures import csrf_of, ensure_certificate
from typer.testing import CliRunner

from tinnhiem.cli import app as cli


def test_serve_seeds_logins_prints_them_and_serves_the_app(scratch_site, tmp_path, monkeypatch):
    served = {}
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **kw: served.update(app=app, host=host, port=port))
    result = CliRunner().invoke(cli, ["--database-url", scratch_site["url"], "serve", "--port", "8123",
                                      "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "http://localhost:8123/" in result.output and served["port"] == 8123
    for role in ("creator", "brand", "reviewer", "operator", "admin"):
        assert f"demo-{role}" in result.output
    password = next(line for line in result.output.splitlines() if "demo-operator" in line).split("│")[3].strip()
    with TestClient(served["app"]) as c:
        token = csrf_of(c.get("/dang-nhap").text)
        login = c.post("/dang-nhap", data={"username": "demo-operator", "password": password, "csrf_token": token},
                       follow_redirects=False)
        assert login.headers["location"] == "/tham-dinh"


def test_webhooks_deliver_command_uses_the_network_boundary(scratch_site, monkeypatch):
    from tinnhiem.services import accounts, feed, lifecycle

    factory = scratch_site["factory"]
    with factory() as session:
        owner = next(u.id for u in accounts.list_users(session) if u.role == "operator")
    serial = ensure_certificate(scratch_site)
    feed.register_webhook(factory, owner_id=owner, url="https://platform.example/h", events=[], actor="operator:x")
    lifecycle.decide(factory, serial=serial, action="suspend", reason="r", actor="operator:x")  # after: delivered
    calls = []
    monkeypatch.setattr(feed, "http_send", lambda url, body, headers, timeout: calls.append((url, timeout)) or 200)
    result = CliRunner().invoke(cli, ["--database-url", scratch_site["url"], "webhooks", "deliver", "--timeout", "3"])
    assert result.exit_code == 0 and "delivered: 1" in result.output
    assert calls == [("https://platform.example/h", 3.0)]
