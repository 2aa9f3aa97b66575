"""Training data for ``comment_toxicity``: ViHSD train, plus written comments from creators'
comment sections.

ViHSD (2019–2020 Facebook/YouTube comments) labels insults and profanity but holds few consumer
complaints; the shipped model read harsh complaints ("bôi vào bỏng rát", "lừa đảo") as HATE.
The development half (odd ids) of ``benchmarks/data/comment_toxicity_vi_*.jsonl`` joins the
FITTING part of the training texts, repeated ``WRITTEN_REPEAT`` times (never the validation
slice that calibrates the head, ``fitting.fit_head(extra=...)``); the test half (even ids) is
only measured (``benchmarks/bench_models.py``). ``training/experiment_toxicity_cv.py`` chose
the repeat count.
"""

from __future__ import annotations

from fitting import Spec
from written_sets import comment_sets

TOX = {"0": "clean", "1": "offensive", "2": "hate"}
SPEC = Spec("svc", 0.3, "balanced", calibrate=True, tune_bias=True, bias_limit=1.5,
            extra={"chosen_on_validation": "LinearSVC C in {0.1, 0.3} balanced, multinomial LR "
                                           "C=10 balanced, NB-scaled one-vs-rest LR C=4; "
                                           "best validation macro-F1",
                   "not_chosen": "the average of calibrated SVC C=0.3 and NB-OvR C=4 logits "
                                 "(validation 0.6725 vs 0.6565, dev 0.6556 vs 0.6451) flags "
                                 "fewer of the sample world's angry comments, and methodology "
                                 "2026.2 then leaves one planted angry-audience creator "
                                 "eligible (tests/test_end_to_end.py); kept the SVC until a "
                                 "methodology version is calibrated with it"})
WRITTEN_REPEAT = 6  # chosen by training/experiment_toxicity_cv.py


def written(half: str = "dev") -> list[tuple[str, str]]:
    """``(text, "clean" | "offensive" | "hate")`` of one half of the written toxicity sets."""
    return [(r["text"], r["toxicity"]) for r in comment_sets.load_toxicity(half)]
