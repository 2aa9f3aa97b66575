"""Runtime settings (pydantic-settings, environment prefix ``TINNHIEM_``).

Nothing is built at import time: call :func:`get_settings` where settings are needed.

Environment variables:

``TINNHIEM_DATABASE_URL``
    SQLAlchemy URL. Default ``sqlite:///var/tinnhiem.sqlite`` (a file under ``./var`` relative
    to the current directory). PostgreSQL: ``postgresql+psycopg://user:pass@host:5432/db``.
``TINNHIEM_PSEUDONYM_KEY``
    Secret for the keyed hash (HMAC-SHA256) that pseudonymises commenters and followers.
    The default is a published DEVELOPMENT key; it is refused when ``env`` is ``production``.
    Changing the key changes every pseudonym (re-importing then creates new pseudonyms).
``TINNHIEM_ENV``
    ``development`` (default), ``test`` or ``production``. A development signing key is refused
    outside ``development``.
``TINNHIEM_KEY_DIR``
    Folder of the private signing keys (default ``var/keys``).
``TINNHIEM_PUBLIC_URL``
    Base address of the public web pages; certificate QR codes point to ``<url>/xac-minh/<serial>``.
``TINNHIEM_LOG_ORIGIN``
    Name of the transparency log in its signed checkpoints (default ``tinnhiem.local/log``).
``TINNHIEM_SESSION_SECRET``
    Secret that signs web session cookies. The default is a published DEVELOPMENT secret; it
    is refused when ``env`` is ``production``.
``TINNHIEM_MAX_BODY_BYTES``
    Largest request body the web application accepts (default 1 MiB).
``TINNHIEM_PUBLIC_WRITE_RATE``
    Public write requests (complaints, uploads) allowed per client address per minute.
``TINNHIEM_CACHE_DIR``
    Where the regex prefilter keeps its compiled Hyperscan databases between processes
    (read by ``tinnhiem._prefilter``; default ``$XDG_CACHE_HOME/tinnhiem`` or
    ``~/.cache/tinnhiem``). Only a cache: deleting it costs a few seconds of compiling.
"""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/tinnhiem.sqlite"

#: Development-only pseudonymisation key. It is public (it is in the source code), so
#: pseudonyms made with it protect nobody. NEVER use it with real data.
DEVELOPMENT_PSEUDONYM_KEY = "tinnhiem-DEVELOPMENT-ONLY-pseudonym-key-do-not-use-in-production"

#: Development-only session-cookie secret; public, so refused in production.
DEVELOPMENT_SESSION_SECRET = "tinnhiem-DEVELOPMENT-ONLY-session-secret-do-not-use-in-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TINNHIEM_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    pseudonym_key: SecretStr = SecretStr(DEVELOPMENT_PSEUDONYM_KEY)
    env: Literal["development", "test", "production"] = "development"
    key_dir: str = "var/keys"  # private signing keys, one PEM file per key id (mode 0600)
    log_origin: str = "tinnhiem.local/log"  # the transparency log's name in signed checkpoints
    public_url: str = "http://localhost:8000"  # base of the public verification pages (QR codes point there)
    session_secret: SecretStr = SecretStr(DEVELOPMENT_SESSION_SECRET)
    max_body_bytes: int = 1_048_576
    public_write_rate: int = 20  # per client address per minute

    @model_validator(mode="after")
    def _refuse_development_key_in_production(self) -> "Settings":
        if self.env == "production" and self.uses_development_pseudonym_key:
            raise ValueError(
                "TINNHIEM_PSEUDONYM_KEY must be set to a secret value when TINNHIEM_ENV=production "
                "(the development default is public)"
            )
        if self.env == "production" and self.session_secret.get_secret_value() == DEVELOPMENT_SESSION_SECRET:
            raise ValueError(
                "TINNHIEM_SESSION_SECRET must be set to a secret value when TINNHIEM_ENV=production"
            )
        return self

    @property
    def uses_development_pseudonym_key(self) -> bool:
        return self.pseudonym_key.get_secret_value() == DEVELOPMENT_PSEUDONYM_KEY


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment (and keyword overrides, e.g. in tests)."""
    return Settings(**overrides)  # type: ignore[arg-type]
