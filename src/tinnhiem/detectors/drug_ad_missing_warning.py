"""drug_ad_missing_warning — category rule defined in ``rules/health_products.yaml`` (see ``_category_rules``)."""

from __future__ import annotations

from tinnhiem.detectors._category_rules import CategoryRule


class DrugAdMissingWarning(CategoryRule):
    """Category-specific rule ``drug_ad_missing_warning`` (rules/health_products.yaml)."""

    id = "drug_ad_missing_warning"
    pack = "health_products.yaml"
