"""Reporters: text (``full``; ``concise``: one line each), json, sarif,
github, gitlab, junit.  Each takes a Result
and returns the full output as a string.  ``FORMATS`` is the registry the
``--output-format`` choices and the ``format`` setting are taken from."""

from flasklint.report import github, gitlab, json_report, junit, sarif, text

# the human formats: they take colour, the summary line and the time
TEXT_FORMATS = ("text", "full", "concise")

FORMATS = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
    "full": text.render,
    "concise": text.render_concise,
}
