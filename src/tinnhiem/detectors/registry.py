"""Auto-discovery of detectors.

* Code detectors: every public module of ``tinnhiem.detectors`` (not ``base``, ``registry``,
  ``rulepack`` or ``_private`` helpers) that defines a ``Detector`` subclass; the class's ``id``
  must equal the module name.
* Rule detectors: every rule of every ``detectors/rules/*.yaml`` pack.

Duplicate ids raise ``ValueError``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import lru_cache

import tinnhiem.detectors as package
from tinnhiem.detectors.base import Detector
from tinnhiem.detectors.rulepack import load_rules

NOT_DETECTORS = frozenset({"base", "registry", "rulepack"})


def code_detectors() -> list[Detector]:
    found: list[Detector] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name in NOT_DETECTORS or info.ispkg:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        classes = [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj)
            and issubclass(obj, Detector)
            and obj.__module__ == module.__name__
            and obj.id
        ]
        for cls in classes:
            if cls.id != info.name:
                raise ValueError(f"detector id {cls.id!r} != module name {info.name!r}")
            found.append(cls())
    return found


@lru_cache(maxsize=1)
def _all() -> tuple[tuple[str, Detector], ...]:
    by_id: dict[str, Detector] = {}
    for det in [*code_detectors(), *load_rules()]:
        if det.id in by_id:
            raise ValueError(f"duplicate detector id {det.id!r}")
        by_id[det.id] = det
    return tuple(sorted(by_id.items()))


def all_detectors() -> dict[str, Detector]:
    """Every detector, sorted by id (cached; returns a fresh dict)."""
    return dict(_all())


def get(detector_id: str) -> Detector:
    try:
        return dict(_all())[detector_id]
    except KeyError:
        raise KeyError(f"unknown detector {detector_id!r}") from None


def manifest() -> dict[str, str]:
    """``{id: version}`` for every detector (stored with every assessment)."""
    return {k: d.version for k, d in _all()}


def clear_cache() -> None:
    _all.cache_clear()
