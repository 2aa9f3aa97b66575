"""Page groups, one module per audience; each defines ``router`` (``APIRouter(include_in_schema=False)``:
pages stay out of the OpenAPI document, which describes ``/api/v1`` only).

Modules are discovered by :func:`tinnhiem.api.app.create_app` and mounted at the site root.
"""
