"""Fixed, seeded evaluation splits, written once to ``training/splits/<dataset>.json``.

Run ``.venv/bin/python training/splits.py`` to (re)create missing split files; existing files
are the committed definition and are never overwritten (``--force`` to rebuild). Files hold
ids / row indices only, never dataset text.

* ``aivivn2019``: AIVIVN has no labelled test set → 20 % stratified (seed 20190401) held out
  by id; training drops any row whose normalised text also occurs in the evaluation part, and
  conflicting duplicate labels are left as they are (2 cases).
* ``vihsd``: the official dev set, minus rows whose normalised text occurs in train (dev row
  indices kept are listed).
* ``vispamreviews``: the official dev set (row indices kept after the same de-duplication are
  listed too; the model card reports both).
* ``instafake``: 25 % stratified (seed 20190402) held out, by row index of
  ``fake_v1_accounts.csv``.
"""

from __future__ import annotations

import argparse
import hashlib
import json

from sklearn.model_selection import train_test_split

from common import DATA, SPLITS, norm_key, read_csv


def _digest(items) -> str:
    return hashlib.sha256("\n".join(map(str, items)).encode()).hexdigest()[:16]


def aivivn() -> dict:
    rows = read_csv(DATA / "sentiment-aivivn2019" / "train.csv")
    ids = [r["id"] for r in rows]
    _, test_ids = train_test_split(ids, test_size=0.2, random_state=20190401,
                                   stratify=[r["label"] for r in rows])
    test_ids = sorted(test_ids)
    return {"dataset": "sentiment-aivivn2019/train.csv", "rule": "stratified 20% by label, "
            "sklearn train_test_split(random_state=20190401); train = rest minus texts equal "
            "(normalised) to an eval text", "eval_ids": test_ids, "digest": _digest(test_ids)}


def _dedup_dev(folder: str, text_col: str) -> dict:
    train = read_csv(DATA / folder / "train.csv")
    dev = read_csv(DATA / folder / "dev.csv")
    seen = {norm_key(r[text_col]) for r in train}
    keep = [i for i, r in enumerate(dev) if norm_key(r[text_col]) not in seen]
    return {"dataset": f"{folder}/dev.csv", "rule": "official dev; eval_rows_dedup = dev rows "
            "whose normalised text (NFC, lower, whitespace collapsed) is not in train",
            "dev_rows": len(dev), "eval_rows_dedup": keep, "digest": _digest(keep)}


def instafake() -> dict:
    rows = read_csv(DATA / "fake-accounts-instafake" / "fake_v1_accounts.csv")
    idx = list(range(len(rows)))
    _, test = train_test_split(idx, test_size=0.25, random_state=20190402,
                               stratify=[r["isFake"] for r in rows])
    test = sorted(test)
    return {"dataset": "fake-accounts-instafake/fake_v1_accounts.csv",
            "rule": "stratified 25% by isFake, train_test_split(random_state=20190402)",
            "eval_rows": test, "digest": _digest(test)}


BUILDERS = {"aivivn2019": aivivn, "vihsd": lambda: _dedup_dev("hate-vihsd", "free_text"),
            "vispamreviews": lambda: _dedup_dev("spam-vispamreviews", "Comment"),
            "instafake": instafake}


def load(name: str, force: bool = False) -> dict:
    path = SPLITS / f"{name}.json"
    if force or not path.exists():
        SPLITS.mkdir(exist_ok=True)
        path.write_text(json.dumps(BUILDERS[name](), separators=(",", ":")) + "\n", encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    for name in BUILDERS:
        split = load(name, args.force)
        print(name, split["digest"])
