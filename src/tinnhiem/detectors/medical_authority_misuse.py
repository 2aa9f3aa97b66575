"""medical_authority_misuse — category rule defined in ``rules/health_products.yaml`` (see ``_category_rules``)."""

from __future__ import annotations

from tinnhiem.detectors._category_rules import CategoryRule


class MedicalAuthorityMisuse(CategoryRule):
    """Category-specific rule ``medical_authority_misuse`` (rules/health_products.yaml)."""

    id = "medical_authority_misuse"
    pack = "health_products.yaml"
