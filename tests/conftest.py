import os
import sys

# Tests run against the checkout, installed or not.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _cache_outside_fixtures(tmp_path_factory, monkeypatch):
    """The CLI caches results at the project root by default; tests must not
    leave .flasklint_cache folders in the fixtures."""
    monkeypatch.setenv("FLASKLINT_CACHE_DIR", str(tmp_path_factory.mktemp("flasklint_cache")))
    # (the key signing cache records lives in the user's cache home: not the tester's)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user_cache_home"))
