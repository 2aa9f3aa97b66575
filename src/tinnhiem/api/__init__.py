"""The web application: a versioned REST API (``/api/v1``) and server-rendered pages.

``create_app(settings)`` builds everything; nothing happens at import time.
"""
