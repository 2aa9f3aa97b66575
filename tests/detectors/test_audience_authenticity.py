"""audience_authenticity + the fake_account helper: numpy-only model, interval, availability."""

from __future__ import annotations

import ast
from importlib import resources

import pytest

from tinnhiem.detectors import audience_authenticity as AA
from tinnhiem.detectors.models import fake_account
from tinnhiem.detectors.registry import get
from tinnhiem.model import AudienceMember, CreatorView

DET = get("audience_authenticity")
FAKE = {"followers": 8, "following": 3500, "posts": 0, "has_profile_pic": False,
        "is_private": False, "bio_length": 0, "username_digits": 7}
REAL = {"followers": 420, "following": 380, "posts": 85, "has_profile_pic": True,
        "is_private": True, "bio_length": 60, "username_digits": 0}


def _member(i: int, row: dict, digits: bool = False) -> AudienceMember:
    fields = {k: v for k, v in row.items() if k != "username_digits"}
    return AudienceMember(account_key="tiktok:1", follower=f"f{i}", **fields)


def _creator(n_fake: int, n_real: int) -> CreatorView:
    members = [_member(i, FAKE) for i in range(n_fake)] + [_member(100 + i, REAL) for i in range(n_real)]
    return CreatorView(key="inf:1", name="A", audience=tuple(members))


def test_source_is_numpy_only_and_weights_are_package_data():
    for mod in (AA, fake_account):
        tree = ast.parse(open(mod.__file__, encoding="utf-8").read())
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not names & {"sklearn", "pickle", "joblib", "scipy"}
    assert (resources.files("tinnhiem.detectors.models") / "fake_account.json").is_file()


@pytest.mark.parametrize("row,label", [(FAKE, "fake"), (REAL, "real"),
                                       ({k: v for k, v in FAKE.items() if k != "username_digits"}, "fake"),
                                       ({"userFollowerCount": 420, "userFollowingCount": 380,
                                         "userMediaCount": 85, "userHasProfilPic": 1,
                                         "userIsPrivate": 1, "userBiographyLength": 60,
                                         "usernameDigitCount": 0}, "real")])
def test_classify_features(row, label):
    (got, scores), = DET.classify_features([row])
    assert got == label
    assert scores["fake"] + scores["real"] == pytest.approx(1.0, abs=1e-6)


def test_batch_equals_single_and_missing_values():
    rows = [FAKE, REAL, {"followers": None, "posts": "x"}, {}]
    batch = fake_account.classify_features(rows)
    assert batch == [fake_account.classify_features([r])[0] for r in rows]
    assert fake_account.known_fields({"followers": None, "posts": "x"}) == 0


def test_wilson_interval():
    lo, hi = AA.wilson(15, 30)
    assert lo == pytest.approx(0.3315, abs=1e-3) and hi == pytest.approx(0.6685, abs=1e-3)
    assert AA.wilson(0, 40)[0] == 0.0


def test_estimate_and_severity():
    heavy = _creator(24, 16)
    assert DET.available(heavy)
    (f,) = list(DET.detect(heavy, {}))
    lo, hi = f.data["ci95"]
    assert f.severity == "major" and lo > AA.MAJOR_LOWER and lo <= f.data["share"] <= hi
    assert f.data["n"] == 40 and f.data["k"] == 24
    assert list(DET.detect(_creator(1, 39), {})) == []


def test_not_available_for_small_or_empty_samples():
    assert not DET.available(_creator(5, 10))
    blank = CreatorView(key="inf:2", name="B", audience=tuple(
        AudienceMember(account_key="a", follower=f"f{i}") for i in range(50)))
    assert not DET.available(blank)
