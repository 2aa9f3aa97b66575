"""cosmetic_medical_claim — category rule defined in ``rules/health_products.yaml`` (see ``_category_rules``)."""

from __future__ import annotations

from tinnhiem.detectors._category_rules import CategoryRule


class CosmeticMedicalClaim(CategoryRule):
    """Category-specific rule ``cosmetic_medical_claim`` (rules/health_products.yaml)."""

    id = "cosmetic_medical_claim"
    pack = "health_products.yaml"
