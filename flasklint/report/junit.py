"""JUnit XML (``--output-format junit``), laid out as ``ruff
--output-format junit`` lays it out, for CI systems that show test reports
(GitLab ``artifacts: reports: junit:``, Jenkins, Azure Pipelines).

* ``<testsuites name="flasklint" tests= failures= errors=>``;
* one ``<testsuite>`` per file (``name`` the path), with ``tests``,
  ``failures``, ``errors``, ``disabled`` and ``package="flasklint"``;
* one ``<testcase>`` per finding: ``name`` ``flasklint.FL101``,
  ``classname`` the path without its suffix (``svc/app``), ``line`` and
  ``column`` attributes, and a ``<failure>`` whose ``message`` is the
  finding's message and whose text is ``line L, col C, message`` followed
  by the related locations as ``note:`` lines;
* no findings: one passing testcase ``No errors found``;
* internal errors: a ``flasklint`` testsuite whose testcases hold an
  ``<error>``.

The XML is built with ``xml.etree``, which escapes markup.  Characters XML
1.0 cannot carry at all (C0 controls other than tab/LF/CR, lone surrogates
from undecodable file names, U+FFFE/U+FFFF), those that could drive a
terminal, and line breaks inside a message (which could forge a ``note:``
line) are first written as visible escapes (``\\x1b``), as the text format
writes them.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from typing import Dict, List

from flasklint.report.text import escape

PACKAGE = "flasklint"

# What XML 1.0 does not allow (its Char production), after escape() has
# dealt with controls and surrogates: kept as a second line of defence.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` made safe for an XML 1.0 document and a terminal, on one
    line (a line break in a message cannot forge a ``note:`` line)."""
    return _NOT_XML.sub(lambda m: "\\u%04x" % ord(m.group()), escape(text))


def classname(path: str) -> str:
    norm = path.replace("\\", "/")
    return posixpath.splitext(norm)[0]


def _suite(parent, name: str, tests: int, failures: int, errors: int):
    return ET.SubElement(
        parent,
        "testsuite",
        {
            "name": clean(name),
            "tests": str(tests),
            "disabled": "0",
            "errors": str(errors),
            "failures": str(failures),
            "package": PACKAGE,
        },
    )


def render(result, **_) -> str:
    findings = list(result.findings)
    errors = list(result.errors)
    root = ET.Element("testsuites", {"name": PACKAGE})
    by_file: Dict[str, List] = {}
    for f in findings:
        by_file.setdefault(f.location.path, []).append(f)
    for path, found in by_file.items():
        suite = _suite(root, path, len(found), len(found), 0)
        for f in found:
            loc = f.location
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "name": clean(f"{PACKAGE}.{f.rule}"),
                    "classname": clean(classname(path)),
                    "line": str(loc.line),
                    "column": str(loc.column),
                },
            )
            lines = [f"line {loc.line}, col {loc.column}, {clean(f.message)}"]
            lines += [f"note: {clean(r.location.path)}:{r.location.line}: {clean(r.message)}" for r in f.related]
            failure = ET.SubElement(case, "failure", {"message": clean(f.message)})
            failure.text = "\n".join(lines)
    if errors:
        suite = _suite(root, PACKAGE, len(errors), 0, len(errors))
        for i, e in enumerate(errors, 1):
            case = ET.SubElement(suite, "testcase", {"name": f"internal error {i}", "classname": PACKAGE})
            error = ET.SubElement(case, "error", {"message": clean(e)})
            error.text = clean(e)
    if not findings and not errors:
        suite = _suite(root, PACKAGE, 1, 0, 0)
        ET.SubElement(suite, "testcase", {"name": "No errors found", "classname": PACKAGE})
    for attr in ("tests", "failures", "errors"):  # (the totals of the suites)
        root.set(attr, str(sum(int(suite.get(attr)) for suite in root)))
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
