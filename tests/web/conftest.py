"""Web-application fixtures: see tests/site_fixtures.py."""

from site_fixtures import api_client, app, browser_login, client, scratch_site, site  # noqa: F401 (pytest fixtures)
