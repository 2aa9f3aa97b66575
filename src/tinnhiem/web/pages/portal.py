"""Creator portal ``/cua-toi``: my findings and how to fix them, my accounts and their
ownership verification, my certificates (bundle, PDF, badge), collaboration declarations and
appeals. A creator only ever reaches their own data: the influencer comes from the login,
never from the request.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, HTTPException, Request

from tinnhiem.api.deps import Principal, Role, get_factory
from tinnhiem.services import appeals, declarations, dossiers, ownership
from tinnhiem.services.reports import creator_report
from tinnhiem.web.pages import _workspace as ws
from tinnhiem.web.render import render

router = APIRouter(include_in_schema=False)
creator_only = ws.page_require(Role.creator)
HOME = "/cua-toi"


def _own_key(principal: Principal) -> str:
    if not principal.influencer_key:
        raise HTTPException(status_code=403, detail="Tài khoản này không gắn với người có ảnh hưởng nào "
                                                    "(this login is not bound to a creator)")
    return principal.influencer_key


@router.get(HOME)
def portal(request: Request, principal: Principal = Depends(creator_only)):
    key = _own_key(principal)
    factory = get_factory(request)
    dossier = dossiers.creator_dossier(factory, influencer_key=key)
    try:
        with factory() as session:
            report = creator_report(session, key)
    except LookupError:
        report = None
    return render(request, "portal/index.html", {
        "dossier": dossier, "report": report, "findings": _findings(report),
        "declarations": _my_declarations(request, principal), "notice": ws.notice(request),
        "code_for": request.query_params.get("tk", ""), **ws.labels(),
    })


def _findings(report: dict | None) -> list[dict]:
    """Every finding behind a deduction, once (a finding may count in two components), with
    the criterion and the title of the rule it was found by."""
    if report is None:
        return []
    seen: dict[str, dict] = {}
    for c in report["criteria"]:
        for d in c["deductions"]:
            for f in d["findings"]:
                seen.setdefault(f["id"], {**f, "criterion": c["criterion"], "title_vi": d["title_vi"],
                                          "title_en": d["title_en"]})
    return list(seen.values())


def _my_declarations(request: Request, principal: Principal) -> list[dict]:
    return declarations.list_declarations(get_factory(request), principal=principal)


def _own_account(request: Request, key: str, account_key: str) -> str:
    dossier = dossiers.creator_dossier(get_factory(request), influencer_key=key)
    if account_key not in {a["account_key"] for a in dossier["accounts"]}:
        raise HTTPException(status_code=404, detail="Không có tài khoản này trong hồ sơ của bạn (not your account)")
    return account_key


@router.post(HOME + "/tai-khoan/ma")
def start_code(request: Request, account_key: str = Form(..., max_length=300),
               principal: Principal = Depends(creator_only)):
    account_key = _own_account(request, _own_key(principal), account_key)
    ownership.start_challenge(get_factory(request), account_key=account_key)
    ws.audit(request, principal, "ownership.challenge_started", "account", account_key)
    return ws.done(HOME, "code_started", tk=account_key)


@router.post(HOME + "/tai-khoan/kiem-tra")
def check_code(request: Request, account_key: str = Form(..., max_length=300),
               principal: Principal = Depends(creator_only)):
    account_key = _own_account(request, _own_key(principal), account_key)
    try:
        result = ownership.check_challenge(get_factory(request), account_key=account_key)
    except LookupError:
        return ws.done(HOME, "error")
    ws.audit(request, principal, "ownership.challenge_checked", "account", account_key,
             {"verified": result.verified_at is not None})
    return ws.done(HOME, "code_found" if result.verified_at else "code_missing", tk=account_key)


@router.post(HOME + "/khang-nghi")
def file_appeal(request: Request, target: str = Form(..., max_length=200),
                statement: str = Form(..., min_length=1, max_length=5000),
                principal: Principal = Depends(creator_only)):
    kind, _, target_id = target.partition(":")
    if kind not in appeals.TARGETS or not target_id:
        raise HTTPException(status_code=422, detail="Đối tượng kháng nghị không hợp lệ (invalid appeal target)")
    try:
        appeal_id = appeals.file_appeal(get_factory(request), influencer_key=_own_key(principal), target_kind=kind,
                                        target_id=target_id, statement=statement, filed_by=principal.actor)
    except (LookupError, ValueError):
        return ws.done(HOME, "error")
    ws.audit(request, principal, "appeal.filed", "appeal", str(appeal_id), {"target_kind": kind, "target_id": target_id})
    return ws.done(HOME, "appeal_filed", kn=str(appeal_id))


@router.post(HOME + "/hop-tac")
def declare(request: Request, brand: str = Form(..., min_length=1, max_length=300),
            start_on: str = Form(..., max_length=10), end_on: str = Form("", max_length=10),
            disclosure_text: str = Form("", max_length=2000), post_links: str = Form("", max_length=5000),
            principal: Principal = Depends(creator_only)):
    try:
        declarations.declare_collaboration(
            get_factory(request), principal=principal, influencer_key=_own_key(principal), brand=brand,
            start_on=start_on, end_on=end_on or None, disclosure_text=disclosure_text,
            post_links=[u.strip() for u in post_links.split() if u.strip()], client=ws.client_address(request))
    except (LookupError, ValueError, PermissionError):
        return ws.done(HOME, "error")
    return ws.done(HOME, "declared")  # the service records the audit event in its transaction
