"""The teencode rewriters: the copies bench_models.py scores the comment models on
(benchmarks/teencode.py) and the training copies (training/teencode_augment.py)."""

from repo_scripts import load_script

from tinnhiem.text import TEENCODE


def _module():
    return load_script("benchmarks/teencode.py")


def test_teencode_copies_are_deterministic_and_abbreviate_common_words():
    teencode = _module().teencode
    text = "Mọi người ơi, sản phẩm này dùng không được gì cả, phải trả lại thôi"
    copy = teencode(text)
    assert copy == teencode(text) and copy == copy.lower()
    words = set(copy.replace(",", " ").split())
    assert not words & {"không", "được", "gì", "thôi"}  # every listed word abbreviated
    assert "mọi người" not in copy and "sản phẩm" not in copy


def test_sound_swaps_keep_the_syllable_recognisable():
    module = _module()
    import random

    rng = random.Random(0)
    assert module._respelled("phải", rng) == "fải"
    assert module._respelled("sạch", rng) == "sạk"
    assert module._respelled("giá", rng) == "já"
    assert module._respelled("áo", rng) == "áo"  # no swap applies


def test_the_benchmark_is_not_the_featurisers_own_table():
    module = _module()
    outside = module.outside_table()
    spellings = {s for v in module.ABBREVIATIONS.values() for s in v}
    assert outside and set(outside) <= spellings and not set(outside) & set(TEENCODE)
    assert len(outside) * 3 >= len(spellings)  # a large share is unknown to the featuriser


def _augmenter():
    return load_script("training/teencode_augment.py")


def test_training_copies_are_deterministic_and_keep_links_and_mentions():
    copy = _augmenter().teencode_copy
    text = "Mọi người ơi, không biết giao hàng bao lâu vậy? Xem https://shopee.vn/abc nhé @ngoc_anh"
    assert copy(text) == copy(text)
    assert copy(text, seed=1) != copy(text) or copy(text, seed=2) != copy(text)
    out = copy(text)
    assert "https://shopee.vn/abc" in out and "@ngoc_anh" in out


def test_training_and_benchmark_teencode_are_written_separately():
    # two lists of common teencode overlap, but neither is derived from the other
    bench = {s for v in _module().ABBREVIATIONS.values() for s in v}
    train = {s for v in _augmenter().SPELLINGS.values() for s in v}
    assert bench - train and train - bench
