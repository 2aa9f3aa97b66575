"""The Hyperscan gate of the comment rules: its answers, and several threads scanning at once."""

from __future__ import annotations

import threading

from tinnhiem.detectors._phrase_gate import PhraseGate
from tinnhiem.text import fold

GATE = PhraseGate({0: ["trang cá nhân", "zalo"], 1: ["sub chéo"]}, {0: [r"\.click"]})
LITERAL = PhraseGate({0: ["cặc", "vãi"]}, literal=True)


def test_groups_of_folded_and_literal_text():
    assert GATE.groups(fold("ghé trang cá nhân mình")) == {0}
    assert GATE.groups(fold("#trangcanhan, sub-chéo nha")) == {0, 1}  # joined or split syllables
    assert GATE.groups(fold("xem ở phimhay.click")) == {0}  # an extra source
    assert GATE.groups(fold("video hay quá")) == frozenset()
    assert LITERAL.groups("đẹp vãi") == {0} and LITERAL.groups("các bạn ơi") == frozenset()


def test_renderings_read_the_unmasked_text():
    (view, groups), = GATE.renderings("Cứ ib z a l o nha")  # only the unmasked text names it
    assert groups == {0} and "zalo" in view.folded


def test_threads_scan_at_once():
    """A Hyperscan database has one scratch space: without the gate's lock, threads scanning
    together fail with ScratchInUseError (the web server runs detectors in worker threads)."""
    texts = [f"bình luận số {i}: ghé trang cá nhân mình, sub chéo nha" for i in range(3000)]
    errors: list[BaseException] = []

    def work(part):
        try:
            for t in part:
                assert GATE.groups(fold(t)) == {0, 1}
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(texts[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
