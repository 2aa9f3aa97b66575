"""The application factory: no work at import, OpenAPI published, static files vendored."""

from __future__ import annotations

import importlib
import sys


def test_importing_the_app_module_builds_nothing(monkeypatch):
    calls = []
    monkeypatch.setattr("tinnhiem.store.db.init_db", lambda *a, **k: calls.append(a))
    sys.modules.pop("tinnhiem.api.app", None)
    importlib.import_module("tinnhiem.api.app")
    assert calls == []


def test_openapi_lists_the_versioned_api(client):
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "tinnhiem"
    assert all(path.startswith("/api/v1/") for path in spec["paths"])
    assert "/api/v1/version" in spec["paths"]


def test_htmx_is_served_from_the_application(client):
    response = client.get("/static/htmx-2.0.11.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:2000]
