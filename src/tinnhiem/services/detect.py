"""Use case: run detectors over JSONL items without a database (``tinnhiem detect``).

Streams: lines are read and run ``engine.BATCH`` at a time (the comment models featurise a batch
in one vectorised pass), one output line per input line, so memory stays flat for large files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

from tinnhiem import engine
from tinnhiem._collector import batched
from tinnhiem.detectors import categories, registry
from tinnhiem.detectors.models import fake_account
from tinnhiem.detectors.models.comment_base import CommentClassifier, classify_all
from tinnhiem.items import item_subject
from tinnhiem.model import PostView
from tinnhiem.sources.jsonl import iter_lines, unpaired_surrogate


class DetectInputError(ValueError):
    """A bad input line, named by file and line number."""


FEATURE_MODE = ("fake_account",)  # account-feature lines instead of text


def detect_file(input_path: Path, output_path: Path, *, detector_ids: Sequence[str] | None) -> dict[str, int]:
    """Findings per line; classifiers (comment models) add ``label`` and ``scores``; the
    ``fake_account`` detector reads account-feature lines and writes ``label`` and ``scores``."""
    feature_mode = bool(detector_ids) and set(detector_ids) <= set(FEATURE_MODE)
    detectors = [] if feature_mode else _select(detector_ids)
    classifiers = [d for d in detectors if isinstance(d, CommentClassifier)]
    counts = {"items": 0, "findings": 0}
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_path.with_name(f"{output_path.name}.{os.getpid()}.partial")  # (own to this process)
    batch: list = []  # (item, its subject or account features) of lines read but not yet run

    def flush() -> None:
        results = _features(batch) if feature_mode else _detect(batch, detectors, classifiers)
        for result in results:
            counts["items"] += 1
            counts["findings"] += len(result.get("findings", []))
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        batch.clear()

    # (one raised collector threshold for the whole file: the deferred collection otherwise
    # falls due at the end of every batch, ≈ 6 % of a comment file's time)
    try:
        with batched(), tmp.open("w", encoding="utf-8") as out:
            for raw in iter_lines(input_path):  # (the importer's reader: a BOM, CRLF, blank lines)
                line_no, line = raw.line_no, raw.text
                if raw.decode_error:
                    raise DetectInputError(f"{input_path}:{line_no}: {raw.decode_error}")
                item = _parse(input_path, line_no, line, need_text=not feature_mode)
                try:  # (validated line by line, so that an error names its line)
                    subject = fake_account.account_features(item) if feature_mode else item_subject(item)
                except ValueError as exc:
                    raise DetectInputError(f"{input_path}:{line_no}: {exc}") from exc
                batch.append((item, subject))
                if len(batch) == engine.BATCH:
                    flush()
            flush()
    except BaseException:
        tmp.unlink(missing_ok=True)  # (a bad line, an interrupt: no partial file is left either)
        raise
    tmp.replace(output_path)  # nothing half-written: the output appears whole or not at all
    return counts


def _detect(batch: list, detectors: list, classifiers: list) -> list[dict]:
    """Findings of every item of a batch, run together; classifiers add labels and scores; a post
    gets the product categories it is about (``product_categories``)."""
    results = engine.detect_subjects([subject for _, subject in batch], detectors)
    for (_, subject), result in zip(batch, results):
        if isinstance(subject, PostView):
            result["product_categories"] = categories.describe(subject)
    if classifiers and batch:
        labelled = sorted(classify_all(classifiers, [item["text"] for item, _ in batch]).items())
        for i, result in enumerate(results):
            by_id = {det_id: {"label": out[i][0], "scores": out[i][1]} for det_id, out in labelled}
            if len(by_id) == 1:
                result.update(next(iter(by_id.values())))
            else:
                result["classifications"] = by_id
    return results


def _features(batch: list) -> list[dict]:
    """``fake_account``'s label and scores for every (line, its checked features) of a batch."""
    labelled = fake_account.classify_features([features for _, features in batch])
    return [{"id": item["id"], "label": label, "scores": scores} for (item, _), (label, scores) in zip(batch, labelled)]


def _select(ids: Sequence[str] | None) -> list:
    """The detectors to run: every one, or ``ids`` and those they depend on (built alone)."""
    if ids is None:
        return list(registry.all_detectors().values())
    mixed = [i for i in ids if i in FEATURE_MODE]
    if mixed:
        raise KeyError(f"{', '.join(mixed)} đọc dòng đặc trưng tài khoản, hãy chạy riêng / reads "
                       f"account-feature lines: run it alone")
    known = registry.detector_ids()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise KeyError(f"unknown detector(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return list(registry.load(ids).values())


def _parse(path: Path, line_no: int, line: str, *, need_text: bool = True) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DetectInputError(f"{path}:{line_no}: not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise DetectInputError(f"{path}:{line_no}: expected a JSON object")
    for name in ("id", "text") if need_text else ("id",):
        if name not in item:
            raise DetectInputError(f"{path}:{line_no}: missing field '{name}'")
    surrogate = unpaired_surrogate(item, line)
    if surrogate is not None:
        raise DetectInputError(f"{path}:{line_no}: field '{surrogate[0]}': {surrogate[1]}")
    return item
