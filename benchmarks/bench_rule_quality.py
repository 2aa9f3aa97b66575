"""Precision and recall of the violation rules on independently written advertising statements.

``benchmarks/data/ad_statements_vi.jsonl`` holds 366 Vietnamese statements in the style of
those quoted by press reports and authority notices (captions, livestream lines, transcript
snippets; with and without diacritics, teencode, emoji), written for this benchmark by a
separate session that read only the legal catalog — never the rule packs or their fixtures —
and labelled with the violation types each one commits (a quarter are compliant, with
near-misses). Brands are invented. Eight more sets were written the same way, each
by its own session with its own emphasis: ``ad_statements_vi_b.jsonl`` (spoken and unaccented
text, wider products), ``ad_statements_vi_c.jsonl`` (written ad copy: product pages, fan-page
ads, TV-shopping, clinics, devices; long texts), ``ad_statements_vi_d.jsonl`` (creators'
voice, affiliate links and codes, mixed Vietnamese–English), ``ad_statements_vi_e.jsonl`` (the
quoted sentence of press reports and sanction decisions: celebrities, KOLs, "thần y", clinics;
short), ``ad_statements_vi_f.jsonl`` (livestream and social-media speech, partly unaccented,
teencode, longer livestream excerpts), ``ad_statements_vi_g.jsonl`` (the ad sentence that
authority notices and inspection decisions cite, and — as compliant near-misses — the notices,
warnings and health advice that quote such wording to criticise it), ``ad_statements_vi_h.jsonl``
(advertorials and "expert tips" posts, resellers' selling posts in groups, short-video captions
with hashtag blocks, video descriptions with sponsor lines, codes and links; a fifth of them
5–8 sentences where one part violates) and ``ad_statements_vi_i.jsonl`` (240 texts for precision:
half of them compliant near-misses — health news, regulator notices, lawful supplement, OTC drug
and formula ads, rankings cited with source and date, everyday "nhất", "trị", "bằng", "cấm").
``ad_statements_vi_j.jsonl`` and ``ad_statements_vi_k.jsonl`` (200 each) are closer to real wording:
each statement re-writes (never copies; names invented) an ad that a Vietnamese press report or
authority notice quoted, found through stored public news pages whose address is kept in
``source`` — J for health products (supplements, drugs, cosmetics, clinics, "gia truyền",
impersonated doctors, children's milk), K for influencers and livestream sellers, banned products
sold online and finance; a third of each are compliant near-misses. Four more were written the same
way (160 each): ``_l`` (wording cited by inspection and sanction decisions), ``_m`` (social-media
sellers' and creators' posts as reported), ``_n`` (product listings, pharmacies, traditional-medicine
and beauty clinics, TV-shopping) and ``_o`` (livestream lines and celebrities' spoken ads, a third
unaccented or transcript-style); sets ``_p`` to ``_z`` and which of them are still unseen:
``benchmarks/data/README.md``. Each statement is run as a post
caption (no declared product category, no platform flags) through every post detector
(``engine.detect_items``); a label is predicted when the detector of the same id reports a
finding.

The set is split by id: odd ids are the DEVELOPMENT half (its errors may be read to improve
rules), even ids the TEST half (only its numbers are reported; read its errors only after a
change is final). ``--half all`` reports both together.

Usage: .venv/bin/python benchmarks/bench_rule_quality.py [--half dev|test|all] [--errors LABEL|all]
       [--data benchmarks/data/<set>.jsonl [<set>.jsonl ...]]

Several ``--data`` files are pooled (micro-averaged over all their statements, ids prefixed with
the file name) — how the docs report groups of sets such as "test halves J–Q" or "Y + Z whole".
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tinnhiem.engine import detect_items

DATA = Path(__file__).with_name("data") / "ad_statements_vi.jsonl"
LABELS = ("health_cure_claim", "equivalence_claim", "absolute_superlative", "cosmetic_medical_claim",
          "fake_urgency", "medical_authority_misuse", "missing_supplement_disclaimer",
          "banned_product", "undisclosed_ad", "firsthand_use_doubt")


def load(half: str = "all", path: Path = DATA) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            unknown = set(row["labels"]) - set(LABELS)
            if unknown:
                raise ValueError(f"{path.name}:{n}: unknown labels {sorted(unknown)}")
            number = int(row["id"].lstrip("abcdefghijklmnopqrstuvwxyz"))
            if half == "all" or (half == "dev") == (number % 2 == 1):
                rows.append(row)
    return rows


def add_statement_args(ap: argparse.ArgumentParser) -> None:
    """``--half`` and ``--data``, as every statement benchmark reads them."""
    ap.add_argument("--half", choices=("dev", "test", "all"), default="test")
    ap.add_argument("--data", type=Path, nargs="+", default=[DATA],
                    help="statements file(s) (JSON lines); several are pooled")


def load_sets(half: str, paths: list[Path]) -> list[dict]:
    """The rows of ``half`` of one set, or of several pooled (ids prefixed with the file name:
    they are unique within a set only)."""
    if len(paths) == 1:
        return load(half, paths[0])
    return [{**r, "id": f"{path.stem}:{r['id']}"} for path in paths for r in load(half, path)]


def predict(rows: list[dict]) -> dict[str, dict[str, list[str]]]:
    """``{id: {detector: [quotes]}}`` for every post detector that fired."""
    items = [{"id": r["id"], "text": r["text"], "platform": "facebook"} for r in rows]
    out = {}
    for res in detect_items(items):
        fired: dict[str, list[str]] = {}
        for f in res["findings"]:
            fired.setdefault(f["detector"], []).append(f["quote"] or "")
        out[res["id"]] = fired
    return out


def score(rows: list[dict], predicted: dict) -> dict[str, dict]:
    table = {}
    for label in LABELS:
        tp = fp = fn = 0
        for r in rows:
            truth, pred = label in r["labels"], label in predicted[r["id"]]
            tp += truth and pred
            fp += pred and not truth
            fn += truth and not pred
        p = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
        table[label] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": rec, "f1": f1}
    return table


def compliant_flagged(rows: list[dict], predicted: dict) -> tuple[int, int]:
    """(compliant statements with any violation finding, compliant statements)."""
    clean = [r for r in rows if not r["labels"]]
    flagged = sum(1 for r in clean if set(predicted[r["id"]]) & set(LABELS))
    return flagged, len(clean)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_statement_args(ap)
    ap.add_argument("--errors", help="print false positives and misses of this label ('all': every label)")
    args = ap.parse_args()
    rows = load_sets(args.half, args.data)
    predicted = predict(rows)
    table = score(rows, predicted)
    print(f"Statements: {len(rows)} ({args.half} half of {', '.join(p.name for p in args.data)})\n")
    print("| rule | positives | TP | FP | FN | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, t in table.items():
        print(f"| {label} | {t['tp'] + t['fn']} | {t['tp']} | {t['fp']} | {t['fn']} | "
              f"{t['precision']:.3f} | {t['recall']:.3f} | {t['f1']:.3f} |")
    tp = sum(t["tp"] for t in table.values())
    fp = sum(t["fp"] for t in table.values())
    fn = sum(t["fn"] for t in table.values())
    print(f"| **micro** | {tp + fn} | {tp} | {fp} | {fn} | {tp / max(tp + fp, 1):.3f} | "
          f"{tp / max(tp + fn, 1):.3f} | {2 * tp / max(2 * tp + fp + fn, 1):.3f} |")
    flagged, clean = compliant_flagged(rows, predicted)
    print(f"\nCompliant statements with any violation finding: {flagged} of {clean}")
    if args.errors:
        labels = LABELS if args.errors == "all" else (args.errors,)
        for label in labels:
            for r in rows:
                truth, fired = label in r["labels"], predicted[r["id"]].get(label)
                if truth != bool(fired):
                    kind = "MISS" if truth else f"FP {fired[:2]}"
                    print(f"\n[{label}] {kind} {r['id']}: {r['text']}\n   note: {r.get('note', '')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
