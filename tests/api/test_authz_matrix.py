"""The authorisation matrix: every route under /api/v1 × every role, allow or deny.

Deny is 401 for anonymous callers and 403 for other roles; allow is anything else (a 404 for a
made-up id or a 422 for the empty body the writes are sent is an allowed call that the route
then refused on its merits). Writes run against a scratch copy of the site database. A
meta-test fails when the application has a route this table does not list.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from site_fixtures import copy_site
from sqlalchemy import select

from tinnhiem.api.app import API_PREFIX
from tinnhiem.store import tables

PUBLIC = ("public", "creator", "brand", "reviewer", "operator", "admin")
ROLES = PUBLIC
LOGGED_IN = ("creator", "brand", "reviewer", "operator", "admin")
REVIEW = ("reviewer", "operator", "admin")
OPERATE = ("operator", "admin")
ADMIN = ("admin",)

MATRIX: list[tuple[str, str, tuple[str, ...]]] = [
    # public registry, certificates, log, observatory (W2)
    ("GET", "/version", PUBLIC),
    ("GET", "/creators", PUBLIC),
    ("GET", "/creators/{key}", PUBLIC),
    ("GET", "/creators/{key}/history", PUBLIC),
    ("GET", "/creators/{key}/findings", PUBLIC),
    ("GET", "/findings/{fingerprint}", PUBLIC),
    ("GET", "/assessments/{assessment_id}", PUBLIC),
    ("GET", "/certificates/{serial}", PUBLIC),
    ("GET", "/certificates/{serial}/bundle", PUBLIC),
    ("GET", "/certificates/{serial}/pdf", PUBLIC),
    ("GET", "/certificates/{serial}/badge.svg", PUBLIC),
    ("POST", "/certificates/verify", PUBLIC),
    ("GET", "/log/checkpoint", PUBLIC),
    ("GET", "/log/proofs/inclusion", PUBLIC),
    ("GET", "/log/proofs/consistency", PUBLIC),
    ("GET", "/observatory", PUBLIC),
    ("POST", "/complaints", PUBLIC),
    ("GET", "/complaints", REVIEW),
    ("POST", "/complaints/{complaint_id}/triage", REVIEW),
    ("GET", "/feed", PUBLIC),
    # accounts
    ("GET", "/auth/me", LOGGED_IN),
    ("GET", "/auth/api-keys", LOGGED_IN),
    ("POST", "/auth/api-keys", LOGGED_IN),
    ("DELETE", "/auth/api-keys/{key_id}", LOGGED_IN),
    # due process
    ("GET", "/review/queue", REVIEW),
    ("POST", "/review/decisions", REVIEW),
    ("POST", "/appeals", ("creator", "admin")),
    ("GET", "/appeals", ("creator",) + REVIEW),
    ("POST", "/appeals/{appeal_id}/decision", REVIEW),
    ("POST", "/ownership/challenges", ("creator",) + OPERATE),
    ("POST", "/ownership/challenges/{account_key}/check", ("creator",) + OPERATE),
    ("POST", "/certificates/{serial}/{action}", OPERATE),
    ("POST", "/certification/issue", OPERATE),
    ("POST", "/declarations", ("creator", "brand") + OPERATE),
    ("GET", "/declarations", ("creator", "brand") + REVIEW),
    # platforms
    ("POST", "/webhooks", OPERATE),
    ("GET", "/webhooks", OPERATE),
    ("DELETE", "/webhooks/{webhook_id}", OPERATE),
    # administration
    ("GET", "/admin/users", ADMIN),
    ("POST", "/admin/users", ADMIN),
    ("POST", "/admin/users/{user_id}/disable", ADMIN),
    ("GET", "/admin/audit", ADMIN),
]


def _app_routes(app) -> set[tuple[str, str]]:
    """(method, path template) of every route under the API prefix, in or out of the schema."""
    found = set()
    for path, item in app.openapi()["paths"].items():
        found |= {(m.upper(), path) for m in item if m in ("get", "post", "put", "patch", "delete")}
    for route in app.routes:  # routes hidden from the schema must be listed too
        prefix = getattr(getattr(route, "include_context", None), "prefix", "")
        for sub in getattr(getattr(route, "original_router", None), "routes", [route]):
            path = prefix + getattr(sub, "path", "")
            if path.startswith(API_PREFIX + "/"):
                found |= {(m, path) for m in getattr(sub, "methods", ()) if m not in ("HEAD", "OPTIONS")}
    return {(m, p.removeprefix(API_PREFIX)) for m, p in found}


def test_every_api_route_is_in_the_matrix(app):
    listed = {(m, p) for m, p, _ in MATRIX}
    unlisted = sorted(_app_routes(app) - listed)
    assert not unlisted, f"routes without an authorisation rule in test_authz_matrix.MATRIX: {unlisted}"


def test_matrix_rows_are_unique_and_admin_passes_everything():
    rows = [(m, p) for m, p, _ in MATRIX]
    assert len(rows) == len(set(rows))
    assert all("admin" in allowed for _, _, allowed in MATRIX)


@pytest.fixture(scope="module")
def matrix_site(site, tmp_path_factory):
    """One scratch copy for the whole matrix: the writes it sends are refused (empty bodies)."""
    return copy_site(site, tmp_path_factory.mktemp("matrix") / "matrix.sqlite")


def _concrete(path: str, scratch: dict) -> str:
    with scratch["factory"]() as session:
        fingerprint = session.scalars(select(tables.FindingRecord.fingerprint)).first() or "0" * 64
        assessment = session.scalars(select(tables.Assessment.id)).first() or 1
    filling = {"key": scratch["creator"], "serial": (scratch["serials"] or ["TN-0000-000000"])[0],
               "fingerprint": fingerprint, "assessment_id": str(assessment), "action": "suspend",
               "account_key": "tiktok:none", "key_id": "999999", "webhook_id": "999999", "appeal_id": "999999",
               "complaint_id": "999999", "user_id": "999999"}
    return re.sub(r"\{(\w+)\}", lambda m: filling[m.group(1)], path)


QUERIES = {"/log/proofs/inclusion": {"seq": 0}, "/log/proofs/consistency": {"old": 1}}


@pytest.mark.parametrize("method, path, allowed", MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_each_role_is_allowed_or_denied(method, path, allowed, api_client, matrix_site):
    app = matrix_site["app"]
    if (method, path) not in _app_routes(app):
        pytest.skip(f"{method} {path} is not mounted (yet)")
    url = API_PREFIX + _concrete(path, matrix_site)
    wrong = {}
    for role in ROLES:
        c = TestClient(app) if role == "public" else api_client(role, app)
        body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        status = c.request(method, url, params=QUERIES.get(path), **body).status_code
        expected_deny = 401 if role == "public" else 403
        if role in allowed and status in (401, 403):
            wrong[role] = f"denied with {status}, should be allowed"
        elif role not in allowed and status != expected_deny:
            wrong[role] = f"got {status}, should be denied with {expected_deny}"
    assert not wrong, f"{method} {path}: {wrong}"
