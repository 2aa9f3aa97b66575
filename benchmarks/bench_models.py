"""Measure the shipped models: quality on the fixed evaluation splits, and speed.

Usage: .venv/bin/python benchmarks/bench_models.py [--skip-quality] [--comments 20000] [--repeat 3]
       .venv/bin/python benchmarks/bench_models.py --spam-flags   (only the table below)

Quality (needs ../shared/data): macro-F1 of each comment detector's ``classify`` on its fixed
evaluation split as written, with diacritics removed (``text.fold``) and with contact words,
insults and phone numbers disguised the way filter-dodging comments write them
(``disguise.py``: "z a l o", "v*l", a phone number in words) and in teencode
(``teencode.py``: "ko", "đc", "j", "mn", "fải", "thik"); ROC-AUC and
macro-F1 of the fake-account model on the held-out InstaFake rows; sentiment (three classes) and
complaint on the test half of the written creator comments (``comment_sets.py``). Speed (CPU time of one
process and thread, ``time.process_time``, best of ``--repeat`` passes, result caches cleared
before each): comments/s (a) of ALL comment detectors together — the four models and the
``complaint_phrase`` rule pack — through ``engine.run`` as ``tinnhiem assess`` runs them
(``prepare()`` featurises the creator's comments in one batch, every per-text cache cleared
first), (b) of the four models alone the same way, and (c) of the four models through the batch
``classify_all`` interface (one featurisation for all detectors). Prints a Markdown table.

``--spam-flags``: how many REAL viewers' comments ``comment_spam`` leaves out of the community
criterion (its findings), and how many the review head alone would flag — in the written
creator-comment sets (all 600, every one a real viewer: all, negative, complaints) and among the
distinct comments of the sample world (seed 1). The written sets' development half is in the
comment-section head's training data: their row measures the review head's damage, not the
detector's quality (that is the test-half rows of the quality table).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from tinnhiem import engine  # noqa: E402
from tinnhiem.detectors import registry  # noqa: E402
from tinnhiem.detectors.models import fake_account, textclf  # noqa: E402
from tinnhiem.detectors.models.comment_base import classify_all  # noqa: E402
from tinnhiem.model import CommentView, CreatorView  # noqa: E402
from tinnhiem.text import clear_text_caches, fold, nfc  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by the tests
import comment_sets  # noqa: E402  (benchmarks/comment_sets.py, next to this script)
from disguise import disguise  # noqa: E402  (benchmarks/disguise.py)
from teencode import teencode  # noqa: E402  (benchmarks/teencode.py)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SPLITS = ROOT / "training" / "splits"
COMMENT_IDS = ("comment_sentiment", "comment_spam", "comment_toxicity", "complaint_intent")
COMMENT_RULES = ("complaint_phrase",)  # the comment-scope rule pack(s), run with the models


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _split(name: str) -> dict:
    return json.loads((SPLITS / f"{name}.json").read_text(encoding="utf-8"))


def macro_f1(y_true: list[str], y_pred: list[str]) -> float:
    labels = sorted(set(y_true) | set(y_pred))
    f1s = []
    for c in labels:
        tp = sum(t == c and p == c for t, p in zip(y_true, y_pred))
        fp = sum(t != c and p == c for t, p in zip(y_true, y_pred))
        fn = sum(t == c and p != c for t, p in zip(y_true, y_pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def roc_auc(y: list[int], p: list[float]) -> float:
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    ps = np.asarray(p)
    for v in np.unique(ps):  # average ranks of ties
        tie = ps == v
        ranks[tie] = ranks[tie].mean()
    y = np.asarray(y)
    n1, n0 = y.sum(), len(y) - y.sum()
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def eval_sets() -> dict:
    """detector id → list of (set name, texts, gold labels, label mapper)."""
    a_rows = _csv(DATA / "sentiment-aivivn2019" / "train.csv")
    ev = set(_split("aivivn2019")["eval_ids"])
    aiv = [r for r in a_rows if r["id"] in ev]
    sp = _csv(DATA / "spam-vispamreviews" / "dev.csv")
    sp_keep = set(_split("vispamreviews")["eval_rows_dedup"])
    spd = [r for i, r in enumerate(sp) if i in sp_keep]
    hs_dev = _csv(DATA / "hate-vihsd" / "dev.csv")
    keep = set(_split("vihsd")["eval_rows_dedup"])
    hs = [r for i, r in enumerate(hs_dev) if i in keep]
    types = {"0": "not_spam", "1": "fake_review", "2": "brand_only", "3": "irrelevant"}
    sys.path.insert(0, str(ROOT / "training"))
    import complaint_data  # the hand-written check set (no dataset text)

    written = comment_sets.load("test")
    spam_written = comment_sets.load_spam("test")
    tox_written = comment_sets.load_toxicity("test")
    spam_judge, tox_judge = comment_sets.load_judge("spam"), comment_sets.load_judge("toxicity")
    comments_judge = comment_sets.load_judge("comments")
    return {
        "comment_sentiment": [("AIVIVN eval (pos/neg; neutral → argmax of pos/neg)",
                               [r["text"] for r in aiv],
                               ["negative" if r["label"] == "1" else "positive" for r in aiv],
                               "binary"),
                              ("written creator comments, test half (pos/neu/neg)",
                               [r["text"] for r in written], [r["sentiment"] for r in written], None),
                              ("judge set of other writers, whole (pos/neu/neg)",
                               [r["text"] for r in comments_judge], [r["sentiment"] for r in comments_judge], None),
                              ("judge set F alone (written while the denied-problem rule was; unseen; pos/neu/neg)",
                               [r["text"] for r in comments_judge if r["id"].startswith("cf")],
                               [r["sentiment"] for r in comments_judge if r["id"].startswith("cf")], None)],
        "comment_spam": [
            ("ViSpamReviews dev, binary", [r["Comment"] for r in sp],
             ["spam" if r["Label"] == "1" else "not_spam" for r in sp], "spam_binary"),
            ("ViSpamReviews dev, 4-class", [r["Comment"] for r in sp], [types[r["SpamLabel"]] for r in sp], None),
            ("ViSpamReviews dev minus train texts, binary", [r["Comment"] for r in spd],
             ["spam" if r["Label"] == "1" else "not_spam" for r in spd], "spam_binary"),
            ("ViSpamReviews dev minus train texts, 4-class", [r["Comment"] for r in spd],
             [types[r["SpamLabel"]] for r in spd], None),
            ("the same dev, binary, review head alone", [r["Comment"] for r in sp],
             ["spam" if r["Label"] == "1" else "not_spam" for r in sp], "review_binary"),
            ("the same dev, 4-class, review head alone", [r["Comment"] for r in sp],
             [types[r["SpamLabel"]] for r in sp], "review"),
            *[row for title, rows in (("written creator comments + spam sets, test half", spam_written),
                                      ("judge set of other writers, whole", spam_judge),
                                      ("judge set E alone (written after the spam rules)",
                                       [r for r in spam_judge if r["id"].startswith("se")]))
              for row in _spam_rows(title, rows)]],
        "comment_toxicity": [("ViHSD dev minus train texts", [r["free_text"] for r in hs],
                              [{"0": "clean", "1": "offensive", "2": "hate"}[r["label_id"]] for r in hs],
                              None),
                             ("written creator comments, toxicity sets, test half", [r["text"] for r in tox_written],
                              [r["toxicity"] for r in tox_written], None),
                             ("judge set of other writers, whole", [r["text"] for r in tox_judge],
                              [r["toxicity"] for r in tox_judge], None),
                             ("judge set D alone (written after the profanity and slur rules)",
                              [r["text"] for r in tox_judge if r["id"].startswith("td")],
                              [r["toxicity"] for r in tox_judge if r["id"].startswith("td")], None)],
        "complaint_intent": [("hand-written check set (training/complaint_data.py)",
                              [t for t, _ in complaint_data.HAND_EVAL],
                              [y for _, y in complaint_data.HAND_EVAL], None),
                             ("written creator comments, test half", [r["text"] for r in written],
                              ["complaint" if r["complaint"] else "other" for r in written], None),
                             ("judge set of other writers, whole", [r["text"] for r in comments_judge],
                              ["complaint" if r["complaint"] else "other" for r in comments_judge], None)],
    }


def _spam_rows(title: str, rows: list[dict]) -> list[tuple]:
    """A written spam set, binary: the comments ``comment_spam`` reports (findings: what the
    community criterion leaves out), its labels, and the review head alone."""
    texts = [r["text"] for r in rows]
    gold = ["not_spam" if r["spam"] == "none" else "spam" for r in rows]
    return [(f"{title}, binary, findings", texts, gold, "spam_findings"),
            (f"{title}, binary, labels", texts, gold, "spam_binary"),
            (f"{title}, binary, review head alone", texts, gold, "review_binary")]


def _classify(det, texts: list[str], mode) -> list:
    """``review*`` modes: comment_spam's review head alone (e-commerce reviews);
    ``spam_findings``: whether comment_spam reports the comment."""
    if mode == "spam_findings":
        return [("spam" if hit else "not_spam", {}) for hit in det.flagged(texts)]
    return det.classify_reviews(texts) if mode and mode.startswith("review") else det.classify(texts)


def _labels(results, mode) -> list[str]:
    if mode == "binary":  # sentiment: decide pos/neg even where the detector says neutral
        return ["negative" if s["negative"] >= s["positive"] else "positive" for _, s in results]
    if mode in ("spam_binary", "review_binary", "spam_findings"):
        return ["not_spam" if label == "not_spam" else "spam" for label, _ in results]
    return [label for label, _ in results]


def quality() -> list[tuple[str, str, int, float, float, float | None, int, float | None]]:
    """``(model, set, rows, macro-F1 as written, without diacritics, disguised, rows disguised,
    in teencode)``; disguised: contact words, insults and phone numbers split or spelled out
    (``disguise.py``); teencode: abbreviated and respelled the way teencode is typed
    (``teencode.py``)."""
    dets = registry.all_detectors()
    rows = []
    for det_id, sets in eval_sets().items():
        det = dets[det_id]
        for name, texts, gold, mode in sets:
            if not texts:  # a set not on this machine
                continue
            as_written = macro_f1(gold, _labels(_classify(det, texts, mode), mode))
            folded = macro_f1(gold, _labels(_classify(det, [fold(t) for t in texts], mode), mode))
            hidden = [disguise(t) for t in texts]
            changed = sum(h != t for h, t in zip(hidden, texts))
            disguised = macro_f1(gold, _labels(_classify(det, hidden, mode), mode))
            teen = macro_f1(gold, _labels(_classify(det, [teencode(t) for t in texts], mode), mode))
            rows.append((det_id, name, len(texts), as_written, folded, disguised, changed, teen))
    acc = _csv(DATA / "fake-accounts-instafake" / "fake_v1_accounts.csv")
    test = [acc[i] for i in _split("instafake")["eval_rows"]]
    y = [int(r["isFake"]) for r in test]
    for name, data in (("InstaFake held-out, all features", test),
                       ("InstaFake held-out, no username digits",
                        [{k: v for k, v in r.items() if k != "usernameDigitCount"} for r in test])):
        p = list(fake_account.predict_proba(data))
        lab = ["fake" if lb == "fake" else "real" for lb, _ in fake_account.classify_features(data)]
        rows.append(("fake_account (ROC-AUC / macro-F1)", name, len(test), roc_auc(y, p),
                     macro_f1(["fake" if v else "real" for v in y], lab), None, 0, None))
    return rows


def comment_corpus(n: int) -> list[str]:
    """Real-looking comments: AIVIVN + ViHSD texts if available, else synthetic ones."""
    texts: list[str] = []
    for path, col in ((DATA / "sentiment-aivivn2019" / "train.csv", "text"),
                      (DATA / "hate-vihsd" / "dev.csv", "free_text")):
        if path.exists():
            texts += [nfc(r[col]) for r in _csv(path)]
    if not texts:
        texts = ["Sản phẩm dùng tốt lắm, giao hàng nhanh", "hang ko giong qc, lua dao", "giá bao nhiêu ạ"]
    rng = random.Random(7)
    return [f"{rng.choice(texts)} {i}" for i in range(n)]  # distinct texts: no cache hits


def _best_cpu(fn, repeat: int) -> float:
    """Best CPU time (``time.process_time``, this process, one thread) of ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        clear_text_caches()  # no cached per-text results between passes (prepared heads included)
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def speed(n: int, repeat: int) -> list[tuple[str, float, float]]:
    texts = comment_corpus(n)
    dets = [registry.get(i) for i in COMMENT_IDS]
    every = dets + [registry.get(i) for i in COMMENT_RULES]
    comments = tuple(CommentView(key=f"c:{i}", post_key="p", author="a", text=t) for i, t in enumerate(texts))
    creator = CreatorView(key="inf:bench", name="bench", comments=comments)
    engine.run(every, CreatorView(key="inf:warm", name="warm", comments=comments[:200]))  # weights, patterns
    t_all = _best_cpu(lambda: engine.run(every, creator), repeat)
    t_engine = _best_cpu(lambda: engine.run(dets, creator), repeat)
    t_batch = _best_cpu(lambda: classify_all(dets, texts), repeat)
    t_file = _detect_file_cpu([d.id for d in every], texts, repeat)
    mean_len = sum(map(len, texts)) / len(texts)
    return [(f"engine.run, all {len(every)} comment detectors (4 models + {', '.join(COMMENT_RULES)})",
             n / t_all, mean_len),
            ("engine.run, the 4 model detectors", n / t_engine, mean_len),
            ("classify_all() batch, the 4 model detectors", n / t_batch, mean_len),
            (f"`tinnhiem detect` on a JSONL file (its service, loaded once): all {len(every)} comment "
             "detectors, labels and scores added, JSON read and written", n / t_file, mean_len)]


def _detect_file_cpu(ids: list[str], texts: list[str], repeat: int) -> float:
    """Best CPU time of ``services.detect.detect_file`` over ``texts`` as comment lines."""
    import tempfile

    from tinnhiem.services.detect import detect_file

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "comments.jsonl"
        with src.open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"c{i}", "text": text, "scope": "comment"}, ensure_ascii=False) + "\n")
        return _best_cpu(lambda: detect_file(src, Path(tmp) / "out.jsonl", detector_ids=ids), repeat)


def spam_flags() -> list[tuple[str, int, int, int]]:
    """``(population, size, reported by comment_spam, flagged by the review head alone)``."""
    import tempfile

    import bench_rules  # benchmarks/bench_rules.py: the sample world as ``assess`` loads it

    det = registry.all_detectors()["comment_spam"]
    written = comment_sets.load("all")
    with tempfile.TemporaryDirectory() as tmp:
        creators = bench_rules.load_world(1, Path(tmp))
    world = sorted({c.text for creator in creators for c in creator.comments if c.text.strip()})
    out = []
    for name, texts in (("written creator comments, all", [r["text"] for r in written]),
                        ("written creator comments, negative",
                         [r["text"] for r in written if r["sentiment"] == "negative"]),
                        ("written creator comments, complaints", [r["text"] for r in written if r["complaint"]]),
                        ("sample world (seed 1), distinct comments", world)):
        section = sum(det.flagged(texts))
        review = sum(label != "not_spam" for label, _ in det.classify_reviews(texts))
        out.append((name, len(texts), section, review))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-quality", action="store_true")
    ap.add_argument("--comments", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3, help="timing passes (best CPU time counts)")
    ap.add_argument("--spam-flags", action="store_true", help="only the comment_spam flag counts")
    args = ap.parse_args()
    if args.spam_flags:
        print("| comments (the written ones: all real viewers) | count | reported by comment_spam | "
              "flagged by the review head alone |")
        print("|---|---:|---:|---:|")
        for name, n, section, review in spam_flags():
            print(f"| {name} | {n:,} | {section:,} | {review:,} |")
        return
    print(f"# Model benchmark — {date.today().isoformat()}, Python {platform.python_version()}, "
          f"{platform.machine()}, one process\n")
    if not args.skip_quality:
        print("| model | evaluation set | rows | macro-F1 as written | macro-F1 no diacritics | "
              "macro-F1 disguised (rows changed) | macro-F1 teencode |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for det_id, name, n, a, b, c, changed, teen in quality():
            hidden = "—" if c is None else f"{c:.4f} ({changed})"
            teen = "—" if teen is None else f"{teen:.4f}"
            print(f"| {det_id} | {name} | {n} | {a:.4f} | {b:.4f} | {hidden} | {teen} |")
        print("\n(fake_account row: ROC-AUC in the 4th column, macro-F1 in the 5th.)\n")
    print("| path | comments/s | mean comment length |")
    print("|---|---:|---:|")
    for name, rate, mean_len in speed(args.comments, args.repeat):
        print(f"| {name} | {rate:,.0f} | {mean_len:.0f} |")
    sizes = {p.name: p.stat().st_size for p in sorted(textclf.MODELS_DIR.glob("*.npz"))}
    sizes.update({p.name: p.stat().st_size for p in sorted(textclf.MODELS_DIR.glob("*.json"))})
    print("\n| weights file | bytes |\n|---|---:|")
    for name, size in sizes.items():
        print(f"| {name} | {size:,} |")


if __name__ == "__main__":
    main()
