"""The store stage: SQLite only. Writes and reads what the stages computed.

Public API: Store, SCHEMA_VERSION, default_db_path, search_phrase (``db``); MIGRATIONS
(``migrations``).
"""

from compare.store.db import SCHEMA_VERSION, Store, default_db_path, search_phrase
from compare.store.migrations import MIGRATIONS

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "default_db_path", "search_phrase"]
