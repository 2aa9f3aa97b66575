"""Use case: compare the latest assessments with a sample world's ground truth.

A sanity check of the plumbing (every planted behaviour is found, violators rank below
honest creators of similar size), not a claim of accuracy.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tinnhiem.services.reports import latest_assessments
from tinnhiem.store import tables


@dataclass(frozen=True)
class GroundTruthCheck:
    recall: dict[str, float]  # behaviour → share of planted items found
    missed: dict[str, list[dict]]
    misranked: list[tuple[str, str, str]]  # (tier, violator, honest creator ranked below it)


def check_ground_truth(session: Session, ground_truth_path: Path) -> GroundTruthCheck:
    truth = json.loads(Path(ground_truth_path).read_text(encoding="utf-8"))
    latest = {a.influencer_id: a for a in latest_assessments(session)}
    keys = dict(session.execute(select(tables.Influencer.id, tables.Influencer.key)).all())
    found = set(session.execute(
        select(tables.FindingRecord.detector, tables.FindingRecord.subject_key)
        .where(tables.FindingRecord.assessment_id.in_([a.id for a in latest.values()]))
    ).all())
    hits: dict[str, list[bool]] = defaultdict(list)
    missed: dict[str, list[dict]] = defaultdict(list)
    for item in truth["planted"]:
        ok = (item["expected_detector"], item["subject"]) in found
        hits[item["behaviour"]].append(ok)
        if not ok:
            missed[item["behaviour"]].append(item)
    totals = {keys[iid]: a.total for iid, a in latest.items()}
    return GroundTruthCheck(
        recall={b: sum(v) / len(v) for b, v in sorted(hits.items())},
        missed=dict(missed),
        misranked=_misranked(truth["creators"], totals),
    )


def _misranked(creators: dict, totals: dict[str, float]) -> list[tuple[str, str, str]]:
    by_tier: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"honest": [], "violator": []})
    for key, info in creators.items():
        if key not in totals:
            continue
        group = "honest" if info["behaviours"] == ["honest"] else "violator"
        by_tier[info["tier"]][group].append(key)
    out = []
    for tier, groups in sorted(by_tier.items()):
        for v in groups["violator"]:
            for h in groups["honest"]:
                if totals[v] >= totals[h]:
                    out.append((tier, v, h))
    return out
