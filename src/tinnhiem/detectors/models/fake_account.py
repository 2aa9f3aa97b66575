"""fake_account — probability that a follower account is fake, from profile counts (numpy only).

Logistic regression trained on InstaFake (``training/train_fake_account.py``), weights in
``fake_account.json``. Input rows are mappings with the ``AudienceMember`` field names
(``followers``, ``following``, ``posts``, ``has_profile_pic``, ``is_private``, ``bio_length``)
plus optional ``username_digits`` (digits in the user name); InstaFake's own names
(``userFollowerCount``, ...) are accepted too. A missing value is imputed with the training
mean; when ``username_digits`` is missing, the variant trained without it is used
(``AudienceMember.username_digits`` carries it when the audience sample has it).

``classify_features(rows) -> [(label, {"fake": p, "real": 1 - p})]``; ``account_features(line)``
checks one line of ``tinnhiem detect -d fake_account``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from tinnhiem.detectors.models.textclf import MODELS_DIR

RAW = ("followers", "following", "posts", "has_profile_pic", "is_private", "bio_length",
       "username_digits")
ALIASES = {
    "userFollowerCount": "followers", "userFollowingCount": "following",
    "userMediaCount": "posts", "userHasProfilPic": "has_profile_pic",
    "userIsPrivate": "is_private", "userBiographyLength": "bio_length",
    "usernameDigitCount": "username_digits",
}
FEATURES = ("log_followers", "log_following", "log_posts", "has_profile_pic", "is_private",
            "log_bio_length", "no_posts", "no_bio", "following_follower_ratio", "username_digits")


def _num(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and x >= 0 else None


def raw_values(row: Mapping[str, Any] | Any) -> dict[str, float | None]:
    """The seven raw inputs of a mapping or an object with those attributes."""
    if not isinstance(row, Mapping):
        row = {k: getattr(row, k, None) for k in RAW}
    out = {k: None for k in RAW}
    for key, value in row.items():
        name = ALIASES.get(key, key)
        if name in out:
            out[name] = _num(value)
    return out


def feature_vector(raw: Mapping[str, float | None]) -> list[float | None]:
    """Engineered features (None where an input is missing)."""
    def lg(k):
        return None if raw[k] is None else math.log1p(raw[k])
    fol, fwg = lg("followers"), lg("following")
    digits = raw["username_digits"]
    return [
        fol, fwg, lg("posts"), raw["has_profile_pic"], raw["is_private"], lg("bio_length"),
        None if raw["posts"] is None else float(raw["posts"] == 0),
        None if raw["bio_length"] is None else float(raw["bio_length"] == 0),
        None if fol is None or fwg is None else fwg - fol,
        None if digits is None else min(digits, 10.0),
    ]


@lru_cache(maxsize=1)
def model() -> dict:
    return json.loads((MODELS_DIR / "fake_account.json").read_text(encoding="utf-8"))


def predict_proba(rows: Sequence[Mapping[str, Any] | Any]) -> np.ndarray:
    """P(fake) per row."""
    m = model()
    out = np.empty(len(rows), dtype=np.float64)
    for i, row in enumerate(rows):
        raw = raw_values(row)
        variant = m["variants"]["all" if raw["username_digits"] is not None else "no_username_digits"]
        names = variant["features"]
        full = dict(zip(FEATURES, feature_vector(raw)))
        x = np.array([full[n] if full[n] is not None else variant["mean"][j]
                      for j, n in enumerate(names)], dtype=np.float64)
        z = float(((x - variant["mean"]) / variant["scale"]) @ np.asarray(variant["coef"]))
        out[i] = 1.0 / (1.0 + math.exp(-(z + variant["intercept"])))
    return out


_FLAGS = ("has_profile_pic", "is_private")
_TEXTS = {"username": "username_digits", "bio": "bio_length"}  # a text → the count read from it
MIN_KNOWN = 3  # fewer known inputs: too little to score (``audience_authenticity`` skips such rows)


def account_features(line: Mapping[str, Any]) -> dict[str, Any]:
    """One account-feature line of ``tinnhiem detect -d fake_account``, checked: the inputs of
    ``raw_values`` under their names or InstaFake's, plus ``username`` and ``bio`` as text (their
    digit count and length are the model's inputs). A value of the wrong kind, an unknown field
    or fewer than ``MIN_KNOWN`` inputs raise ``ValueError`` naming the field — never a silent
    mean imputed for "many" followers or a misspelt name."""
    row: dict[str, Any] = {}
    for key, value in line.items():
        if key == "id":
            continue
        if key in _TEXTS:
            if not isinstance(value, str):
                raise ValueError(f"field '{key}' must be a string")
            count = sum(ch.isdigit() for ch in value) if key == "username" else len(value)
            row.setdefault(_TEXTS[key], count)
            continue
        name = ALIASES.get(key, key)
        if name not in RAW:
            raise ValueError(f"unknown field '{key}' (account features: {', '.join(RAW)}, username, bio)")
        if value is None:
            continue
        if name in _FLAGS:
            if not isinstance(value, bool) and value not in (0, 1):
                raise ValueError(f"field '{key}' must be true or false")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or _num(value) is None:
            raise ValueError(f"field '{key}' must be a number of at least 0")
        row[name] = value
    if known_fields(row) < MIN_KNOWN:
        raise ValueError(f"{known_fields(row)} account features given, at least {MIN_KNOWN} needed "
                         f"({', '.join(RAW)}, username, bio)")
    return row


def known_fields(row: Mapping[str, Any] | Any) -> int:
    """How many of the profile inputs a row carries (rows with < 3 are not scored)."""
    return sum(v is not None for v in raw_values(row).values())


def classify_features(rows: Sequence[Mapping[str, Any] | Any]) -> list[tuple[str, dict[str, float]]]:
    """``(label, {"fake": p, "real": 1 - p})`` per row; label "fake" when p ≥ the threshold."""
    threshold = model()["threshold"]
    out = []
    for p in predict_proba(rows):
        p = round(float(p), 6)
        out.append(("fake" if p >= threshold else "real", {"fake": p, "real": round(1.0 - p, 6)}))
    return out
