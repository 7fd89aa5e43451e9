"""One policy for code that is not the service: test code.

Test code (``tests/``, ``test/``, ``testing/`` below the project root,
``conftest.py``, ``test_*.py``, ``*_test.py``) builds throwaway apps on
purpose.  Rules whose findings only matter for a deployed service (secret
keys, sessions, cookies, error answers) skip it outright; every other
finding located in test code is reported at LOW severity and says so, so
that ``--severity MEDIUM`` in CI never fails on a test fixture's
``app.run(debug=True)``.  Diagnostics (FL0xx) are about files, not
services: they keep their severity.
"""

from __future__ import annotations

TEST_SEVERITY = "LOW"
TEST_NOTE = " (in test code)"


def applies(rule_id: str) -> bool:
    return not rule_id.startswith("FL0")


def in_test_code(project, path: str) -> bool:
    return project is not None and project.in_tests(path)
