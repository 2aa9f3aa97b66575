"""Seeded generator of a realistic Vietnamese influencer world with known ground truth.

``generate(seed, output)`` writes canonical JSON Lines files (``01-influencers.jsonl`` …
``08-complaints.jsonl``) that import in sorted order, plus ``ground_truth.json`` listing every
planted violation and the detector expected to find it.
"""

from tinnhiem.sample.generator import FILES, REFERENCE_DATE, SampleSummary, generate

__all__ = ["FILES", "REFERENCE_DATE", "SampleSummary", "generate"]
