"""Auto-discovery of detectors.

* Code detectors: every public module of ``tinnhiem.detectors`` (not ``base``, ``registry``,
  ``rulepack`` or ``_private`` helpers) that defines a ``Detector`` subclass; the class's ``id``
  must equal the module name.
* Rule detectors: every rule of every ``detectors/rules/*.yaml`` pack.

Duplicate ids raise ``ValueError``.

``load(ids)`` builds only the named detectors and those they depend on (``tinnhiem detect
-d comment_sentiment`` need not compile every rule pack): a code detector's module is imported
alone, a rule is built from its own entry. Each detector is the one ``all_detectors`` would give.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import threading
from collections.abc import Iterable
from functools import lru_cache

import tinnhiem.detectors as package
from tinnhiem.detectors._packs import RULES_DIR, read_pack
from tinnhiem.detectors.base import Detector

NOT_DETECTORS = frozenset({"base", "categories", "registry", "rulepack"})


def _code_modules() -> list[str]:
    """Names of the modules that may define a code detector (sorted)."""
    return sorted(info.name for info in pkgutil.iter_modules(package.__path__)
                  if not (info.name.startswith("_") or info.name in NOT_DETECTORS or info.ispkg))


def _module_detectors(name: str) -> list[Detector]:
    module = importlib.import_module(f"{package.__name__}.{name}")
    classes = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, Detector)
        and obj.__module__ == module.__name__
        and obj.id
    ]
    for cls in classes:
        if cls.id != name:
            raise ValueError(f"detector id {cls.id!r} != module name {name!r}")
    return [cls() for cls in classes]


def load_rules() -> list[Detector]:
    """Every rule of the packs (``rulepack.load_rules``; imported here on first use: the rule
    machinery compiles the shared code-detector patterns, which a comment model does not need)."""
    from tinnhiem.detectors import rulepack

    return rulepack.load_rules()


def code_detectors() -> list[Detector]:
    return [det for name in _code_modules() for det in _module_detectors(name)]


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


@lru_cache(maxsize=1)
def _catalog() -> dict[str, tuple[str, str]]:
    """``{id: ("code", module) or ("rule", pack file name)}`` without importing a detector
    module or compiling a pattern."""
    found: dict[str, tuple[str, str]] = {name: ("code", name) for name in _code_modules()}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        for spec in read_pack(path).get("rules") or []:
            if spec.get("id") in found:
                raise ValueError(f"duplicate detector id {spec.get('id')!r}")
            found[spec.get("id")] = ("rule", path.name)
    return found


def detector_ids() -> list[str]:
    """Every detector id (sorted), found without building the detectors."""
    return sorted(_catalog())


_LOADED: dict[str, Detector] = {}  # built by ``load`` (``all_detectors`` builds its own)
_LOAD_LOCK = threading.RLock()


def _load_one(detector_id: str) -> Detector:
    kind, where = _catalog().get(detector_id, (None, ""))
    if kind == "code":
        found = _module_detectors(where)
    elif kind == "rule":
        from tinnhiem.detectors.rulepack import pack_rules

        found = pack_rules(RULES_DIR / where, only=detector_id)
    else:
        found = []
    if not found:
        raise KeyError(f"unknown detector {detector_id!r}")
    return found[0]


def load(ids: Iterable[str]) -> dict[str, Detector]:
    """``{id: detector}`` (sorted by id) for ``ids`` and every detector they depend on,
    building only those (``KeyError`` names an unknown id)."""
    chosen: dict[str, Detector] = {}
    todo = list(ids)
    while todo:
        i = todo.pop()
        if i not in chosen:
            chosen[i] = _built(i)
            todo.extend(chosen[i].depends_on)
    return dict(sorted(chosen.items()))


def _built(detector_id: str) -> Detector:
    if _all.cache_info().currsize:  # everything is built already: the same objects
        return get(detector_id)
    with _LOAD_LOCK:
        if detector_id not in _LOADED:
            _LOADED[detector_id] = _load_one(detector_id)
        return _LOADED[detector_id]


def clear_cache() -> None:
    _all.cache_clear()
    _catalog.cache_clear()
    with _LOAD_LOCK:
        _LOADED.clear()
