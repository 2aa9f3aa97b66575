"""Persistence: engine/session helpers (``db``), the ORM (``tables``), Alembic migrations."""
