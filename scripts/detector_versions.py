"""Does every text detector whose findings changed carry a new version?

A finding records the version of the detector that made it, so that an assessment, a
certificate or an appeal can say which rule judged a post. That only means something if two
runs of one version give the same findings. A rule's own pattern change comes with a version
bump in its pack, but many detectors also read shared pieces (the commercial signals of
``detectors/_common.py``, the product categories, the statement classifier): a change there
alters the findings of detectors nobody touched.

This script runs every post and comment detector over a fixed reference corpus, the written
statement and comment sets of ``benchmarks/data/`` (files never edited once written), and keeps
one digest of each detector's findings there in ``scripts/detector_versions.lock.json``, beside the
version that produced it:

    python scripts/detector_versions.py           # check (the test suite does the same)
    python scripts/detector_versions.py --update  # record, after bumping the versions

``--update`` refuses to record a detector whose findings changed while its version did not
(name it and bump its version first). A new set in ``benchmarks/data/`` joins the corpus at the
next ``--update``; the comparison is always over the files the lock names. When the statement
classifier's weights change (``claim_model.version()``), the findings of every detector that
reads it may change with the same rule version: its findings then carry the new model version
(rule detectors' metadata and model findings' ``data.model``), and ``--update`` accepts the change.
Digests leave out the ``version`` of each finding and ``data.model``, so that a bump alone
changes nothing, and every real number (scores, confidences, a probability written in a message),
whose last digits may differ from one CPU to another: what is found, where, and what it says count.

Not covered: the creator-scope detectors (they read a creator's history, not a text), and what
only a post's other fields can trigger (transcript timings, declared products, platform flags):
the statements are run as captions, as ``bench_rule_quality.py`` runs them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
LOCK = Path(__file__).with_name("detector_versions.lock.json")
SCOPES = ("post", "comment")
# how findings are digested (``_canonical``): a lock of another format is recorded anew, not compared
DIGEST_FORMAT = 2
# the reference sets, by the scope their texts are run in
REFERENCE_SETS = {"post": ("ad_statements_vi*.jsonl",),
                  "comment": ("comments*.jsonl", "comment_spam*.jsonl", "comment_toxicity*.jsonl")}


def corpus_files() -> dict[str, str]:
    """``{file name: scope}`` of every reference set now in ``benchmarks/data/``."""
    return {p.name: scope for scope, globs in REFERENCE_SETS.items() for g in globs for p in sorted(DATA.glob(g))}


def file_digest(name: str) -> str:
    return hashlib.sha256((DATA / name).read_bytes()).hexdigest()[:16]


def detectors() -> dict:
    from tinnhiem.detectors.registry import all_detectors

    return {d.id: d for d in all_detectors().values() if d.scope in SCOPES}


def model_version() -> str:
    from tinnhiem.detectors.models import claim_model

    return claim_model.version()


def _items(name: str, scope: str) -> list[dict]:
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    extra = {"platform": "facebook"} if scope == "post" else {"scope": "comment"}
    return [{"id": f"{name}:{r['id']}", "text": r["text"], **extra} for r in rows]


_DECIMAL = re.compile(r"\d+\.\d+")


def _without_floats(value):
    """``value`` without its real numbers (model scores and confidences; a decimal written in a
    message is masked): float32 sums may differ in their last digits from one CPU to another, and
    the digest must not."""
    if isinstance(value, dict):
        return {k: _without_floats(v) for k, v in value.items() if not isinstance(v, float)}
    if isinstance(value, list):
        return [_without_floats(v) for v in value if not isinstance(v, float)]
    if isinstance(value, str):
        return _DECIMAL.sub("#", value)
    return value


def _canonical(finding: dict) -> str:
    """A finding without what a version bump alone changes, nor the machine's last digits."""
    f = {k: v for k, v in finding.items() if k != "version"}
    if isinstance(f.get("data"), dict):
        f["data"] = {k: v for k, v in f["data"].items() if k != "model"}
    return json.dumps(_without_floats(f), ensure_ascii=False, sort_keys=True)


def file_digests(files: dict[str, str]) -> dict[str, dict[str, str]]:
    """``{file name: {detector id: digest of its findings there}}`` (``files``: name → scope)."""
    from tinnhiem.engine import detect_items

    dets = detectors()
    out = {}
    for name in sorted(files):
        hashes = {d: hashlib.sha256() for d in dets}
        for result in detect_items(_items(name, files[name]), dets.values()):
            if result.get("errors"):
                raise RuntimeError(f"{name}: {result['id']}: {result['errors']}")
            for f in result["findings"]:
                hashes[f["detector"]].update(f"{result['id']}\t{_canonical(f)}\n".encode())
        out[name] = {d: h.hexdigest() for d, h in hashes.items()}
    return out


def combined(per_file: dict[str, dict[str, str]], names) -> dict[str, str]:
    """``{detector id: one digest over the files names}``."""
    return {d: hashlib.sha256("".join(f"{n}:{per_file[n][d]}\n" for n in sorted(names)).encode()).hexdigest()[:16]
            for d in sorted(detectors())}


def current(files: dict[str, str], per_file: dict | None = None) -> dict:
    """The lock's content for the code as it is now, over ``files``."""
    dets = detectors()
    found = combined(per_file or file_digests(files), files)
    return {
        "about": "scripts/detector_versions.py: the findings' digest of each text detector over the reference "
                 "sets, beside its version. Regenerate with --update after bumping versions; never edit by hand.",
        "format": DIGEST_FORMAT,
        "claim_model": model_version(),
        "corpus": {scope: {name: file_digest(name) for name in sorted(files) if files[name] == scope}
                   for scope in SCOPES},
        "detectors": {d: {"version": dets[d].version, "findings": found[d]} for d in sorted(dets)},
    }


BUMP, EDITED, RECORD = "bump", "edited", "record"  # what a problem asks for


def edited(lock: dict) -> list[tuple[str, str]]:
    """``(EDITED, message)`` for each locked reference set that is gone or no longer as locked."""
    out = []
    for name, digest in sorted(d for named in lock["corpus"].values() for d in named.items()):
        if not (DATA / name).exists():
            out.append((EDITED, f"{name}: reference set missing"))
        elif file_digest(name) != digest:
            out.append((EDITED, f"{name}: reference set changed since it was locked (written sets are never edited)"))
    return out


def problems(lock: dict, per_file: dict | None = None) -> list[tuple[str, str]]:
    """``(kind, message)`` of each reason the lock does not describe the code now (empty when it
    does): a version to bump (``BUMP``), a reference set edited or gone (``EDITED``), or a change
    ``--update`` may record (``RECORD``). ``per_file``: ``file_digests`` already computed."""
    out = edited(lock)
    if out:
        return out
    if lock.get("format", 1) != DIGEST_FORMAT:
        return [(RECORD, f"the lock digests findings as format {lock.get('format', 1)}, this script as "
                         f"{DIGEST_FORMAT} (run --update)")]
    files = {name: scope for scope, named in lock["corpus"].items() for name in named}
    now = current(files, per_file)
    same_model = now["claim_model"] == lock["claim_model"]
    for det, entry in now["detectors"].items():
        old = lock["detectors"].get(det)
        if old is None:
            out.append((RECORD, f"{det}: not in the lock (record it with --update)"))
        elif entry["findings"] != old["findings"] and entry["version"] == old["version"] and same_model:
            out.append((BUMP, f"{det}: findings changed on the reference sets but its version is still "
                              f"{entry['version']}: bump it, then --update"))
        elif entry != old:
            out.append((RECORD, f"{det}: {old['version']} → {entry['version']} not recorded (run --update)"))
    for det in sorted(lock["detectors"].keys() - now["detectors"].keys()):
        out.append((RECORD, f"{det}: in the lock but no longer a detector (run --update)"))
    if not same_model:
        out.append((RECORD, f"statement classifier {lock['claim_model']} → {now['claim_model']} not recorded "
                            "(run --update)"))
    new = corpus_files().keys() - files.keys()
    if new:
        out.append((RECORD, f"new reference sets not in the lock: {', '.join(sorted(new))} (run --update)"))
    return out


def update(lock: dict | None, path: Path = LOCK) -> list[str]:
    """Write the lock for the code now to ``path``; refuse (and return why) when a detector's
    findings over the locked files changed under the same version and the same classifier, or a
    locked reference set was edited."""
    gone = edited(lock) if lock is not None else []
    if gone:
        return [message for _, message in gone]
    files = corpus_files()
    per_file = file_digests(files)
    if lock is not None:
        refused = [message for kind, message in problems(lock, per_file) if kind != RECORD]
        if refused:
            return refused
    content = current(files, per_file)
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="record the digests and versions of the code now")
    args = ap.parse_args(argv)
    lock = json.loads(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else None
    if args.update:
        refused = update(lock)
        for p in refused:
            print(p, file=sys.stderr)
        if not refused:
            print(f"wrote {LOCK.relative_to(ROOT)}")
        return 1 if refused else 0
    if lock is None:
        print(f"{LOCK.relative_to(ROOT)} missing: run --update", file=sys.stderr)
        return 1
    found = problems(lock)
    for _, message in found:
        print(message, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
