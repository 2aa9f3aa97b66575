"""One generated world per test session (seed 42 by default, default size), shared by the sample tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tinnhiem.sample import FILES, generate


SEED = int(os.environ.get("TINNHIEM_SAMPLE_SEED", "42"))  # try other worlds: TINNHIEM_SAMPLE_SEED=7


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"sample{SEED}")
    generate(SEED, out)
    return out


@pytest.fixture(scope="session")
def records(world_dir: Path) -> dict[str, list[dict]]:
    return {name: [json.loads(line) for line in (world_dir / name).read_text("utf-8").splitlines()] for name in FILES}


@pytest.fixture(scope="session")
def truth(world_dir: Path) -> dict:
    return json.loads((world_dir / "ground_truth.json").read_text("utf-8"))

