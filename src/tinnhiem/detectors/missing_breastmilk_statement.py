"""missing_breastmilk_statement — category rule defined in ``rules/health_products.yaml`` (see ``_category_rules``)."""

from __future__ import annotations

from tinnhiem.detectors._category_rules import CategoryRule


class MissingBreastmilkStatement(CategoryRule):
    """Category-specific rule ``missing_breastmilk_statement`` (rules/health_products.yaml)."""

    id = "missing_breastmilk_statement"
    pack = "health_products.yaml"
