"""FL3xx: JSON services and their error handlers (and FL502, ``jsonify``'s
lost status argument).

Flask answers every error with an HTML page unless an error handler says
otherwise; blueprint handlers never see routing errors; a handler that
returns only a body answers 200.  These rules read the model's error handlers
(``FlaskModel.handlers``) and its response analysis
(``flasklint.model.responses``).

Test code (``tests/``, ``test_*.py``, ``conftest.py``) is not checked by
these rules: test apps are not services, and tests exercise odd handlers on
purpose.
"""

from flasklint.checks.errors import checkers, rules  # noqa: F401
