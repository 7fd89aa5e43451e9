"""Reporters: text, json, sarif, github.  Each takes a Result and returns
the full output as a string."""

from flasklint.report import github, json_report, sarif, text

FORMATS = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
}
