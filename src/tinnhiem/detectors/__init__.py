"""Detectors: code modules (``<id>.py``) and YAML rule packs (``rules/*.yaml``).

Use ``tinnhiem.detectors.registry.all_detectors()`` to get them all.
"""
