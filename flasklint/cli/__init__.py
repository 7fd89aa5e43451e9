"""The command line: ``flasklint [check] PATH``, ``flasklint routes``,
``flasklint rule ID``, ``flasklint rules`` (``main``); the URL map table
of ``flasklint routes`` (``routes``)."""

from flasklint.cli.main import main

__all__ = ["main"]
