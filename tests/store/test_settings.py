"""Settings: defaults, environment overrides, the development pseudonym key guard."""

from __future__ import annotations

import pytest

from tinnhiem.settings import DEFAULT_DATABASE_URL, DEVELOPMENT_PSEUDONYM_KEY, get_settings


def test_defaults(monkeypatch) -> None:
    for name in ("TINNHIEM_DATABASE_URL", "TINNHIEM_PSEUDONYM_KEY", "TINNHIEM_ENV"):
        monkeypatch.delenv(name, raising=False)
    settings = get_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL == "sqlite:///var/tinnhiem.sqlite"
    assert settings.env == "development"
    assert settings.uses_development_pseudonym_key
    assert DEVELOPMENT_PSEUDONYM_KEY not in repr(settings)  # a SecretStr


def test_environment_overrides(monkeypatch) -> None:
    monkeypatch.setenv("TINNHIEM_DATABASE_URL", "postgresql+psycopg://app:app@127.0.0.1:5432/tinnhiem")
    monkeypatch.setenv("TINNHIEM_PSEUDONYM_KEY", "s3cret")
    monkeypatch.setenv("TINNHIEM_SESSION_SECRET", "cookie-s3cret")
    monkeypatch.setenv("TINNHIEM_ENV", "production")
    settings = get_settings()
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.pseudonym_key.get_secret_value() == "s3cret"


def test_production_refuses_the_development_key(monkeypatch) -> None:
    monkeypatch.delenv("TINNHIEM_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("TINNHIEM_ENV", "production")
    with pytest.raises(ValueError, match="TINNHIEM_PSEUDONYM_KEY"):
        get_settings()


def test_production_refuses_the_development_session_secret(monkeypatch) -> None:
    monkeypatch.setenv("TINNHIEM_PSEUDONYM_KEY", "s3cret")
    monkeypatch.delenv("TINNHIEM_SESSION_SECRET", raising=False)
    monkeypatch.setenv("TINNHIEM_ENV", "production")
    with pytest.raises(ValueError, match="TINNHIEM_SESSION_SECRET"):
        get_settings()
