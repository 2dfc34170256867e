"""Tests keep the parsed-graph cache in a folder of their own, never in the user's home."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("ISECG_KG_CACHE_DIR", tempfile.mkdtemp(prefix="isecg-kg-test-cache-"))
