"""The JSON API's shared parts: its error format, bearer-token users, the OpenAPI document.

Each domain owns its API endpoints (``<domain>/api.py``, routed in ``<domain>/blueprint.py``).
"""
