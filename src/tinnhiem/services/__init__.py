"""Use cases: the only code that opens database transactions.

Modules: ``ingest`` (canonical import), ``views`` (detector views built from the database),
``assess`` (assessment), and more as the product grows.
"""
