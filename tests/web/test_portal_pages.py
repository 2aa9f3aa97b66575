"""Creator portal /cua-toi at the HTTP level: own data only, findings with remediation,
ownership codes, appeals, declarations, audit and CSRF."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from browser_fixtures import csrf_token, logged_in, make_workspace
from tinnhiem.services import audit, dossiers
from tinnhiem.services.reports import creator_report


@pytest.fixture(scope="module")
def ws(site, tmp_path_factory):
    return make_workspace(site, tmp_path_factory.mktemp("portal"))


@pytest.fixture()
def creator(ws):
    client, token = logged_in(ws.app, *ws.users["creator"])
    with client:
        yield client, token


@pytest.fixture()
def creator2(ws):
    client, token = logged_in(ws.app, *ws.users["creator2"])
    with client:
        yield client, token


def _events(ws, action):
    with ws.factory() as session:
        return audit.list_events(session, action=action)


def _name(ws, key):
    return dossiers.creator_dossier(ws.factory, influencer_key=key)["name"]


def test_anonymous_visitors_are_sent_to_the_login_page(ws):
    r = TestClient(ws.app).get("/cua-toi", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/dang-nhap")


@pytest.mark.parametrize("role", ["brand", "reviewer", "operator"])
def test_other_roles_are_refused(ws, role):
    client, _ = logged_in(ws.app, *ws.users[role])
    assert client.get("/cua-toi").status_code == 403


def test_a_creator_sees_their_own_data_and_nobody_elses(ws, creator):
    client, _ = creator
    page = client.get("/cua-toi", params={"key": ws.other_creator_key, "influencer": ws.other_creator_key}).text
    assert html.escape(_name(ws, ws.creator_key)) in page
    assert html.escape(_name(ws, ws.other_creator_key)) not in page
    serials = [c["serial"] for c in dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["certificates"]]
    assert serials and all(s in page for s in serials)
    for s in serials:  # certificate bundle, PDF and badge are offered
        for suffix in ("/bundle", "/pdf", "/badge.svg"):
            assert f"/api/v1/certificates/{s}{suffix}" in page


def test_findings_come_with_the_rule_remediation(ws, creator2):
    client, _ = creator2
    page = client.get("/cua-toi").text
    with ws.factory() as session:
        report = creator_report(session, ws.other_creator_key)
    findings = {f["id"]: f for c in report["criteria"] for d in c["deductions"] for f in d["findings"]}.values()
    assert findings, "the second creator was chosen for having findings"
    assert page.count('class="finding"') == len(findings)  # each once, even when it counts twice
    assert "Cách khắc phục" in page
    for f in findings:
        if f["remediation"]:
            assert html.escape(f["remediation"]) in page


def test_ownership_code_for_own_account_only(ws, creator2):
    client, token = creator2
    mine = [a for a in dossiers.creator_dossier(ws.factory, influencer_key=ws.other_creator_key)["accounts"]
            if not a["verified_at"]]
    assert mine, "the second creator has an unverified account"
    account = mine[0]["account_key"]
    r = client.post("/cua-toi/tai-khoan/ma", data={"account_key": account, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and "tb=code_started" in r.headers["location"]
    code = next(a for a in dossiers.creator_dossier(ws.factory, influencer_key=ws.other_creator_key)["accounts"]
                if a["account_key"] == account)["open_code"]
    assert code and code in client.get(r.headers["location"]).text
    r = client.post("/cua-toi/tai-khoan/kiem-tra", data={"account_key": account, "csrf_token": token},
                    follow_redirects=False)
    assert "tb=code_missing" in r.headers["location"]  # the code is not in the imported content
    theirs = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["accounts"][0]["account_key"]
    r = client.post("/cua-toi/tai-khoan/ma", data={"account_key": theirs, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 404
    events = _events(ws, "ownership.challenge_started")
    assert [e.target_id for e in events] == [account]


def test_a_creator_appeals_their_certificate_and_it_is_audited(ws, creator):
    client, token = creator
    serial = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["certificates"][0]["serial"]
    r = client.post("/cua-toi/khang-nghi", data={"target": f"certificate:{serial}", "csrf_token": token,
                                                 "statement": "Tôi đã gỡ bài <script>x</script>"}, follow_redirects=False)
    assert r.status_code == 303 and "tb=appeal_filed" in r.headers["location"]
    appeals = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["appeals"]
    assert appeals[0]["target_id"] == serial and appeals[0]["status"] == "open"
    assert appeals[0]["filed_by"] == f"creator:{ws.users['creator'][0]}"
    page = client.get(r.headers["location"]).text
    assert "Đã gửi kháng nghị" in page and f'data-appeal="{appeals[0]["id"]}"' in page
    assert [e.target_id for e in _events(ws, "appeal.filed")][0] == str(appeals[0]["id"])


def test_a_creator_cannot_appeal_someone_elses_decision(ws, creator):
    client, token = creator
    with ws.factory() as session:
        theirs = creator_report(session, ws.other_creator_key)
    before = len(dossiers.list_appeals(ws.factory, status=None))
    for target in (f"assessment:{theirs['assessment']['id']}",
                   f"finding:{theirs['criteria'][0]['deductions'][0]['findings'][0]['id']}"
                   if theirs["criteria"][0]["deductions"][0]["findings"] else "finding:0000000000"):
        r = client.post("/cua-toi/khang-nghi", data={"target": target, "statement": "x", "csrf_token": token},
                        follow_redirects=False)
        assert "tb=error" in r.headers["location"]
    assert len(dossiers.list_appeals(ws.factory, status=None)) == before


def test_declaring_a_collaboration(ws, creator):
    client, token = creator
    r = client.post("/cua-toi/hop-tac", data={"brand": "Trà Sữa <b>Mộc</b>", "start_on": "2026-09-01",
                                              "disclosure_text": "#QuangCao", "csrf_token": token},
                    follow_redirects=False)
    assert "tb=declared" in r.headers["location"]
    page = client.get("/cua-toi").text
    assert "Trà Sữa &lt;b&gt;Mộc&lt;/b&gt;" in page
    assert "Trà Sữa <b>Mộc</b>" not in page


def test_posts_without_the_csrf_token_are_refused(ws, creator):
    client, _ = creator
    serial = dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["certificates"][0]["serial"]
    before = len(dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["appeals"])
    r = client.post("/cua-toi/khang-nghi", data={"target": f"certificate:{serial}", "statement": "x"},
                    follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/cua-toi/khang-nghi", data={"target": f"certificate:{serial}", "statement": "x",
                                                 "csrf_token": "wrong"}, follow_redirects=False)
    assert r.status_code == 403
    assert len(dossiers.creator_dossier(ws.factory, influencer_key=ws.creator_key)["appeals"]) == before


def test_the_portal_speaks_english_on_request(ws, creator):
    client, _ = creator
    page = client.get("/cua-toi", params={"lang": "en"}).text
    assert '<html lang="en">' in page and "My findings and how to fix them" in page
    assert csrf_token(page)
