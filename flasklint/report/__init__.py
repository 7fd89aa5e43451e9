"""Reporters: text, json (and later sarif, github).  Each takes a Result and
returns the full output as a string."""

from flasklint.report import json_report, text

FORMATS = {
    "text": text.render,
    "json": json_report.render,
}
