"""The engine raises the garbage collector's first threshold while it runs, then restores it."""

from __future__ import annotations

import gc
import threading

import pytest

from tinnhiem import _collector
from tinnhiem._collector import BATCH_THRESHOLD, batched
from tinnhiem.detectors.base import Detector
from tinnhiem.engine import run
from tinnhiem.model import CommentView, CreatorView


@pytest.fixture(autouse=True)
def default_thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


class _Recorder(Detector):
    id, scope, version, title_vi, title_en = "gc_recorder_test", "comment", "0.0.1", "t", "t"

    def __init__(self):
        self.thresholds = []

    def detect(self, subject, upstream):
        self.thresholds.append(gc.get_threshold())
        return []


def _creator(n=3):
    return CreatorView(key="k", name="n", comments=tuple(
        CommentView(key=f"c:{i}", post_key="p", author="a", text="hay") for i in range(n)))


def test_a_run_raises_the_first_threshold_and_restores_all_three():
    det = _Recorder()
    run([det], _creator())
    assert det.thresholds == [(BATCH_THRESHOLD, 10, 10)] * 3
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_are_restored_when_a_detector_raises():
    class Failing(_Recorder):
        id = "gc_failing_test"

        def prepare(self, subjects):
            raise KeyboardInterrupt  # (not caught by the engine's error isolation)

    with pytest.raises(KeyboardInterrupt):
        run([Failing()], _creator())
    assert gc.get_threshold() == (700, 10, 10) and _collector._state["depth"] == 0


def test_a_program_that_tuned_the_collector_keeps_its_setting():
    for setting in [(50_000, 20, 10), (0, 10, 10)]:  # (0: collection disabled)
        gc.set_threshold(*setting)
        det = _Recorder()
        run([det], _creator(1))
        assert det.thresholds == [setting] and gc.get_threshold() == setting


def test_overlapping_runs_share_one_raise_and_the_last_restores():
    entered, release = threading.Barrier(2), threading.Event()
    seen = []

    def worker():
        with batched():
            entered.wait()
            release.wait()
            seen.append(gc.get_threshold())

    other = threading.Thread(target=worker)
    other.start()
    with batched():
        entered.wait()
        assert gc.get_threshold()[0] == BATCH_THRESHOLD
    assert gc.get_threshold()[0] == BATCH_THRESHOLD  # (the other run is still inside)
    release.set()
    other.join()
    assert seen == [(BATCH_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)
