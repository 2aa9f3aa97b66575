"""Certificates: status with log proof, bundle, PDF, badge, verification of an upload."""

from __future__ import annotations

import pytest

import copy

API = "/api/v1"


def serial_of(site) -> str:
    if not site["serials"]:
        pytest.skip("the site fixture issued no certificate (no eligible creator)")
    return site["serials"][0]


def test_status_has_a_verified_log_proof(client, site):
    serial = serial_of(site)
    body = client.get(f"{API}/certificates/{serial}").json()
    assert body["status"] == "valid" and body["signature_valid"] and body["log"]["verified"]
    assert body["log"]["checkpoint"]["checkpoint"]["size"] > body["log"]["seq"]
    assert client.get(f"{API}/certificates/TN-0000-000000").status_code == 404
    assert client.get(f"{API}/certificates/bad%20serial").status_code == 422


def test_bundle_pdf_and_badge(client, site):
    serial = serial_of(site)
    assert client.get(f"{API}/certificates/{serial}/bundle").json()["certificate"]["serial"] == serial
    pdf = client.get(f"{API}/certificates/{serial}/pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    badge = client.get(f"{API}/certificates/{serial}/badge.svg")
    assert badge.headers["content-type"].startswith("image/svg+xml") and serial in badge.text
    assert client.get(f"{API}/certificates/TN-0000-000000/pdf").status_code == 404


def test_verify_an_uploaded_bundle(client, site):
    bundle = client.get(f"{API}/certificates/{serial_of(site)}/bundle").json()
    good = client.post(f"{API}/certificates/verify", json=bundle).json()
    assert good["status"] == "valid" and good["registry_status"] == "valid" and all(c["passed"] for c in good["checks"])
    forged = copy.deepcopy(bundle)
    forged["certificate"]["scores"]["total"] = 100
    assert client.post(f"{API}/certificates/verify", json=forged).json()["status"] == "invalid"
    assert client.post(f"{API}/certificates/verify", json={"format": "x"}).json()["status"] == "invalid"
    assert client.post(f"{API}/certificates/verify", json=[1, 2]).status_code == 422
