"""Read models of the authenticated pages: a creator's own dossier (accounts with their
ownership state, certificates, appeals), the lists reviewers and operators work through
(open appeals, certificates) and the side-by-side comparison brands make of creators.

Plain dicts for adapters to render; every function opens and closes its own session.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tinnhiem.model import CRITERIA
from tinnhiem.store import tables

CERTIFICATE_STATUSES = ("active", "suspended", "revoked", "expired")


def creator_dossier(factory: sessionmaker[Session], *, influencer_key: str) -> dict:
    """One creator's accounts (with ownership state), certificates and appeals."""
    with factory() as session:
        inf = _influencer(session, influencer_key)
        return {
            "key": inf.key, "name": inf.name,
            "accounts": [_account(session, acc) for acc in session.scalars(
                select(tables.Account).filter_by(influencer_id=inf.id)
                .order_by(tables.Account.platform, tables.Account.platform_id))],
            "certificates": [_certificate(c, inf) for c in session.scalars(
                select(tables.Certificate).filter_by(influencer_id=inf.id).order_by(tables.Certificate.issued_at.desc(),
                                                                                    tables.Certificate.id.desc()))],
            "appeals": [_appeal(a, inf) for a in session.scalars(
                select(tables.Appeal).filter_by(influencer_id=inf.id).order_by(tables.Appeal.filed_at.desc(),
                                                                              tables.Appeal.id.desc()))],
        }


def list_appeals(factory: sessionmaker[Session], *, status: str | None = "open", limit: int = 200) -> list[dict]:
    """Appeals (open ones by default), oldest first: the order they are due."""
    with factory() as session:
        stmt = select(tables.Appeal, tables.Influencer).join(
            tables.Influencer, tables.Influencer.id == tables.Appeal.influencer_id)
        if status is not None:
            stmt = stmt.where(tables.Appeal.status == status)
        rows = session.execute(stmt.order_by(tables.Appeal.filed_at, tables.Appeal.id).limit(limit))
        return [_appeal(a, inf) for a, inf in rows]


def list_certificates(factory: sessionmaker[Session], *, status: str | None = None, limit: int = 500) -> list[dict]:
    """Certificates, newest serial first, optionally of one status."""
    if status is not None and status not in CERTIFICATE_STATUSES:
        raise ValueError(f"status must be one of {', '.join(CERTIFICATE_STATUSES)}")
    with factory() as session:
        stmt = select(tables.Certificate, tables.Influencer).join(
            tables.Influencer, tables.Influencer.id == tables.Certificate.influencer_id)
        if status is not None:
            stmt = stmt.where(tables.Certificate.status == status)
        rows = session.execute(stmt.order_by(tables.Certificate.serial.desc()).limit(limit))
        return [_certificate(c, inf) for c, inf in rows]


def compare_creators(factory: sessionmaker[Session], *, keys: list[str]) -> list[dict]:
    """Latest assessment of each creator in ``keys`` (in that order; unknown keys skipped):
    criterion scores, total, tier, certificate status and disclosure rate of commercial content."""
    with factory() as session:
        infs = {i.key: i for i in session.scalars(select(tables.Influencer).where(tables.Influencer.key.in_(keys)))}
        latest: dict[int, tables.Assessment] = {}
        for a in session.scalars(select(tables.Assessment).where(
                tables.Assessment.influencer_id.in_([i.id for i in infs.values()])).order_by(tables.Assessment.id.desc())):
            latest.setdefault(a.influencer_id, a)
        out = []
        for key in keys:
            inf = infs.get(key)
            a = latest.get(inf.id) if inf is not None else None
            if a is None:
                continue
            scores = {c.criterion: c for c in session.scalars(select(tables.CriterionScore).filter_by(assessment_id=a.id))}
            out.append({
                "key": inf.key, "name": inf.name, "province": inf.province, "niches": list(inf.niches or []),
                "total": a.total, "tier": a.tier, "eligible": a.eligible,
                "tier_label_vi": (a.summary or {}).get("tier_label_vi", ""),
                "tier_label_en": (a.summary or {}).get("tier_label_en", ""),
                "criteria": {cid: (scores[cid].score if cid in scores else None) for cid in CRITERIA},
                "max_points": {cid: (scores[cid].max_points if cid in scores else None) for cid in CRITERIA},
                "certificate": _current_certificate(session, inf.id),
                "disclosure": disclosure_rate([s.coverage or {} for s in scores.values()]),
            })
        return out


def disclosure_rate(coverages: list[dict]) -> dict | None:
    """Share of commercial content that was disclosed, from the coverage the scoring recorded:
    the component whose population is commercial content counts (weighted) undisclosed hits."""
    for coverage in coverages:
        for component in coverage.values():
            if isinstance(component, dict) and "commercial_content" in component and "population" in component:
                population = component["population"] or 0
                if population <= 0:
                    return {"rate": None, "commercial": 0, "undisclosed": 0.0}
                hits = min(float(component.get("weighted_hits") or 0), population)
                return {"rate": round(1 - hits / population, 4), "commercial": population, "undisclosed": hits}
    return None


def _influencer(session: Session, key: str) -> tables.Influencer:
    inf = session.scalars(select(tables.Influencer).filter_by(key=key)).one_or_none()
    if inf is None:
        raise LookupError(f"no influencer {key!r}")
    return inf


def _account(session: Session, acc: tables.Account) -> dict:
    challenges = list(session.scalars(select(tables.OwnershipChallenge).filter_by(account_id=acc.id)
                                      .order_by(tables.OwnershipChallenge.created_at.desc(),
                                                tables.OwnershipChallenge.id.desc())))
    verified = next((c for c in challenges if c.verified_at is not None), None)
    latest = challenges[0] if challenges else None
    return {
        "account_key": f"{acc.platform}:{acc.platform_id}", "platform": acc.platform, "handle": acc.handle,
        "followers": acc.followers, "url": acc.url,
        "verified_at": verified.verified_at if verified else None,
        "verified_via": verified.verified_via if verified else None,
        "open_code": latest.code if latest is not None and verified is None else None,
        "code_expires_at": latest.expires_at if latest is not None and verified is None else None,
    }


def _certificate(c: tables.Certificate, inf: tables.Influencer) -> dict:
    return {"serial": c.serial, "status": c.status, "tier": c.tier, "issued_at": c.issued_at,
            "valid_until": c.valid_until, "influencer_key": inf.key, "influencer_name": inf.name}


def _current_certificate(session: Session, influencer_id: int) -> dict | None:
    cert = session.scalars(select(tables.Certificate).filter_by(influencer_id=influencer_id)
                           .order_by(tables.Certificate.issued_at.desc(), tables.Certificate.id.desc())).first()
    return None if cert is None else {"serial": cert.serial, "status": cert.status, "valid_until": cert.valid_until}


def _appeal(a: tables.Appeal, inf: tables.Influencer) -> dict:
    return {"id": a.id, "influencer_key": inf.key, "influencer_name": inf.name, "target_kind": a.target_kind,
            "target_id": a.target_id, "statement": a.statement, "evidence": list(a.evidence or []),
            "filed_by": a.filed_by, "filed_at": a.filed_at, "status": a.status, "decided_by": a.decided_by,
            "decided_at": a.decided_at, "decision_reason": a.decision_reason}
