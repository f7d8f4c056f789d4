"""``compare serve``: the stored reports as pages and JSON over HTTP on loopback.

Module: ``app`` (the starlette application).
"""

__all__: list[str] = []
