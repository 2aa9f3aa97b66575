"""textclf: grouped features, one stacked gather equal to the explicit linear model, weight checks."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from tinnhiem.detectors.models import textclf

TEXTS = ["Sản phẩm tốt quáaaaa, giao hàng nhanh", "", "xem tại https://shopee.vn/abc nhé",
         "hang ko giong qc", "ok", "  \n ", "Đẹp"]


def test_every_feature_part_is_grouped_by_document():
    for doc, buckets in textclf.feature_parts(TEXTS):
        assert len(doc) == len(buckets)
        assert np.all(np.diff(doc) >= 0)
        assert buckets.min() >= 0 and buckets.max() < textclf.N_FEATURES


def test_batch_features_equal_single_text_features():
    doc, buckets = textclf.featurize(TEXTS)
    for i, text in enumerate(TEXTS):
        _, alone = textclf.featurize([text])
        assert sorted(buckets[doc == i].tolist()) == sorted(alone.tolist())


def test_shape_tokens_see_runs_and_links():
    _, plain = textclf.featurize(["hay qua"])
    _, run = textclf.featurize(["hay quaaaa"])  # cut to "quaa", plus the run token
    _, link = textclf.featurize(["hay qua www.x.vn"])
    assert set(run.tolist()) - set(textclf.featurize(["hay quaa"])[1].tolist())
    assert set(link.tolist()) - set(plain.tolist())


def test_stacked_gather_equals_explicit_linear_model():
    rng = np.random.default_rng(3)
    g = rng.uniform(1, 5, textclf.N_FEATURES).astype(np.float32)
    coef = rng.standard_normal((textclf.N_FEATURES, 3)).astype(np.float32)
    table = np.ascontiguousarray(np.concatenate([(g * g)[:, None], coef * g[:, None]], axis=1))
    got = textclf.linear_scores(table, TEXTS)
    doc, buckets = textclf.featurize(TEXTS)
    for i in range(len(TEXTS)):
        counts = np.bincount(buckets[doc == i], minlength=textclf.N_FEATURES).astype(np.float64)
        norm = np.sqrt(counts @ (g.astype(np.float64) ** 2)) or 1.0
        want = (counts * g) @ coef.astype(np.float64) / norm
        assert got[i] == pytest.approx(want, rel=1e-4, abs=1e-4)


def test_all_heads_single_equals_batch():
    batch = textclf.all_heads_batch(TEXTS)
    assert set(batch) == set(textclf.COMMENT_HEADS)
    for i, text in enumerate(TEXTS):
        one = textclf.all_heads(text)
        for name, p in one.items():
            assert p == pytest.approx(batch[name][i].tolist(), abs=1e-6)
            assert sum(p) == pytest.approx(1.0, abs=1e-6)


def test_head_refuses_weights_fitted_with_another_idf(tmp_path):
    for name in ("comment_toxicity.npz", "comment_toxicity.json", textclf.IDF_FILE):
        shutil.copy(textclf.MODELS_DIR / name, tmp_path / name)
    assert textclf.Head("comment_toxicity", tmp_path).classes == ["clean", "hate", "offensive"]
    meta = json.loads((tmp_path / "comment_toxicity.json").read_text(encoding="utf-8"))
    meta["idf_digest"] = "0" * 16
    (tmp_path / "comment_toxicity.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="comment_idf"):
        textclf.Head("comment_toxicity", tmp_path)
