"""Web-application fixtures: see tests/site_fixtures.py."""

from site_fixtures import app, client, site  # noqa: F401 (pytest fixtures)
