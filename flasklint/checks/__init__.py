"""Checker families.  Importing this package registers every rule.

Adding a rule touches one module here (its metadata and its check), one
fixture folder, and nothing in the CLI or the reporters.
"""

from flasklint.checks import debug, diagnostics, errors, requests, routes, secrets  # noqa: F401
