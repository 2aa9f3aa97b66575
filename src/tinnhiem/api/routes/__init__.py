"""API resources, one module per resource; each defines ``router`` (an ``APIRouter``).

Modules are discovered by :func:`tinnhiem.api.app.create_app` and mounted under ``/api/v1``.
"""
