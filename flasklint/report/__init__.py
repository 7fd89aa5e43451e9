"""Reporters: text, json, sarif, github, gitlab, junit.  Each takes a Result
and returns the full output as a string.  ``FORMATS`` is the registry the
``--output-format`` choices and the ``format`` setting are taken from."""

from flasklint.report import github, gitlab, json_report, junit, sarif, text

FORMATS = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}
