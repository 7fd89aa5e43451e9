"""FL0xx: problems with the input itself.  The rest of the project is still
linted; these say what flasklint could not read."""

import re

from flasklint.checks.registry import RULES, RULES_BY_NAME, Rule, checker, define
from flasklint.source.directives import comments, unknown_ids
from flasklint.source.files import TOO_LARGE
from flasklint.source.walk import statement_of

define(
    Rule(
        id="FL001",
        name="syntax-error",
        severity="HIGH",
        confidence="HIGH",
        summary="A Python file does not parse",
        what="""
        Reports a Python file that does not parse (with the parser's message
        and position), including Python 2 code and files too deeply nested
        for the parser.
        """,
        why="""
        A module that does not parse cannot be imported: the service fails at
        start-up or when the module is first imported.  flasklint cannot see
        the routes, handlers or configuration it holds, so findings that
        depend on them may be missing.
        """,
        example="""
        def index(:
            return "hello"
        """,
        use_instead="""
        def index():
            return "hello"
        """,
    ),
    Rule(
        id="FL002",
        name="unreadable-file",
        severity="MEDIUM",
        confidence="HIGH",
        summary="A file cannot be read or decoded",
        what="""
        Reports a file flasklint could not read: bytes that do not decode in
        the declared (PEP 263) or default UTF-8 encoding, a wrong coding
        cookie, a file over the size limit (1 MiB), an unreadable file, a
        ``.py`` name that is not a regular file (a FIFO, a device), a broken
        symbolic link, a symlink loop, or a link that leaves the project
        (never followed).  A file over the size limit is HIGH: unread, it
        may hide findings of any severity, so ``--severity HIGH`` must not
        let it pass; exclude generated files explicitly.
        """,
        why="""
        Python refuses to import a module it cannot decode, and flasklint
        cannot lint what it cannot read; the finding makes the gap visible
        instead of silently skipping the file.
        """,
        example="""
        # -*- coding: ascii -*-
        GREETING = "héllo"
        """,
        use_instead="""
        # -*- coding: utf-8 -*-
        GREETING = "héllo"
        """,
    ),
    Rule(
        id="FL003",
        name="analysis-limit",
        severity="LOW",
        confidence="HIGH",
        summary="Part of a file was too deep or too costly to analyse",
        what="""
        Reports a file whose analysis stopped short: an expression or a chain
        of calls nested too deeply for Python's stack (in flasklint's resolver
        or in astroid), or a file whose resolution budget (200,000 steps) ran
        out, after which the rest of the file is not analysed.  The values
        involved are treated as unknown -- never guessed -- so findings that
        depend on them may be missing.  Reported once per file, at the first
        place it happened, with counts.
        """,
        why="""
        A linter that silently skips what it cannot analyse gives false
        confidence; this says which file was only partly checked, so that a
        clean result is not mistaken for a complete one.  Generated code,
        huge literal tables and very long expression chains are the usual
        causes; splitting them up (or excluding generated files) restores
        full analysis.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)
        app.config["OFFSET"] = {minus}offset
        """.replace("{minus}", "-" * 1200),
        use_instead="""
        from flask import Flask

        app = Flask(__name__)
        app.config["OFFSET"] = offset
        """,
        notes="""
        The limits are deterministic (a count of resolution steps, not a
        time), so the same input gives the same findings on any machine.
        Cycles (a value defined in terms of itself) and the resolver's
        ordinary depth bounds are not reported: they are how the analysis
        stays finite, not a sign of a pathological file.
        """,
    ),
    Rule(
        id="FL004",
        name="unresolved-config-file",
        severity="LOW",
        confidence="HIGH",
        summary="A configuration file the app loads cannot be read",
        what="""
        Reports a ``from_pyfile``/``from_file``/INI configuration file that
        does not exist, cannot be parsed, or lies outside the project (an
        absolute path or one climbing out with ``..``).  Files outside the
        project are never read.  Also a ``from_pyfile`` target that parses
        as Python but reads a name nothing defines -- an INI file
        (``[flask]``, ``DEBUG = true``) given to the wrong loader: Flask
        executes it, and the app fails at start-up with NameError.
        """,
        why="""
        Flask raises at start-up when a non-silent configuration file is
        missing, and flasklint cannot check settings it cannot read.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)
        app.config.from_pyfile("missing.cfg")
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)
        app.config.from_pyfile("settings.cfg", silent=True)
        """,
    ),
    Rule(
        id="FL005",
        name="unknown-rule-in-suppression",
        severity="LOW",
        confidence="HIGH",
        summary="A suppression comment names a flasklint rule id that does not exist",
        what="""
        Reports an id that looks like flasklint's (``FL`` and three digits)
        but names no rule, in a suppression comment: ``# noqa: FL999``,
        ``# nosec FL999``, ``# flasklint: ignore[FL999]`` or the file-level
        ``# flasklint: noqa: FL999``, in Python files and in the ``.flaskenv``,
        ``.env`` and INI files flasklint reads.  Other tools' codes
        (``E501``, ``B201``) are never reported.
        """,
        why="""
        A mistyped id suppresses nothing: the finding it was meant to silence
        is still reported (or, in a baseline workflow, the comment gives a
        false sense that a finding was reviewed).  An id of a rule removed
        or renumbered in a newer flasklint is a stale comment.
        """,
        example="""
        from flask import Flask

        app = Flask(__name__)
        app.run(debug=True)  # noqa: FL110
        """,
        use_instead="""
        from flask import Flask

        app = Flask(__name__)
        app.run(debug=True)  # noqa: FL101
        """,
        notes="""
        Rule names in ``# flasklint: ignore[...]`` are not checked: only ids.
        """,
    ),
    Rule(
        id="FL006",
        name="newer-python-syntax",
        severity="LOW",
        confidence="HIGH",
        summary="A file uses syntax newer than the Python running flasklint",
        what="""
        Reports a Python file that does not parse with the interpreter
        running flasklint because it uses a construct of a newer Python: a
        ``type`` statement or type parameters (``def f[T](x: T)``, 3.12),
        PEP 701 f-strings (nested quotes, backslashes or comments in the
        braces, 3.12), type parameter defaults (3.13), template strings
        (``t"..."``) and ``except A, B:`` without parentheses (3.14; Python
        2's ``except E, e:`` stays FL001), and on
        older interpreters ``match`` (3.10) and ``except*`` (3.11).  The
        message names the Python version needed.  The rest of the project is
        still linted.  With ``--target-version`` (``target-version``), a
        construct newer than the target is a syntax error (FL001), and a
        file that does not parse when the target is newer than the
        interpreter is reported here even if the construct is not one of
        these.
        """,
        why="""
        flasklint parses with the Python it runs on.  Code valid for the
        Python the project runs on is not a syntax error, but flasklint
        cannot see the routes, handlers or configuration of a file it cannot
        parse: findings in it are missing until flasklint runs on a Python at
        least as new as the code.
        """,
        example="""
        from string.templatelib import Template


        def greeting(name: str) -> Template:
            return t"Hello {name}"
        """,
        use_instead="""
        # run flasklint with Python 3.14 or later; on older Pythons:
        def greeting(name: str) -> str:
            return f"Hello {name}"
        """,
        notes="""
        The construct is recognised on the line where the parser stopped; a
        genuine syntax error earlier in the file is still FL001, but one
        after the newer construct is not seen until flasklint runs on a
        newer Python.
        """,
    ),
)


@checker("FL001", "FL002", "FL004", "FL006")
def file_diagnostics(ctx):
    project = ctx.project
    for m in project.modules:
        m.check_syntax()
    for d in project.file_diagnostics():
        loc = project.file_location(d.path, d.line, d.column)
        if d.rule == "FL002" and d.message.startswith(TOO_LARGE):
            # (unread, it may hide findings of any severity: --severity HIGH must not pass it)
            yield ctx.finding(d.rule, loc, d.message + ": none of its findings can be reported; exclude it if it is generated", severity="HIGH")
            continue
        yield ctx.finding(d.rule, loc, d.message)
    for loc, message in ctx.model.unresolved:
        yield ctx.finding("FL004", loc, message)


@checker("FL003", last=True)
def analysis_limits(ctx):
    resolver = ctx.model.resolver
    for path in sorted(resolver.limits):
        rec = resolver.limits[path]
        parts = []
        deep = rec.counts.get("recursion", 0)
        if deep:
            parts.append(f"{deep} place{'s' if deep != 1 else ''} nested too deeply to analyse")
        if rec.counts.get("budget") or rec.counts.get("skipped"):
            skipped = rec.counts.get("skipped", 0)
            parts.append(
                f"its resolution budget of {resolver.max_steps} steps ran out"
                + (f", {skipped} expression{'s' if skipped != 1 else ''} after that point not analysed" if skipped else "")
            )
        if not parts:
            continue  # cycles and depth bounds only: the analysis' normal bounds
        where = rec.first.get("recursion") or rec.first.get("budget") or rec.first.get("skipped")
        if where is not None:
            loc = ctx.project.location(statement_of(where), rec.module)
        else:
            loc = ctx.project.file_location(rec.module.path, 1)
        msg = (
            "analysis of this file stopped short (" + "; ".join(parts) + "): the values involved are treated as "
            "unknown, so findings in this file may be missing"
        )
        yield ctx.finding("FL003", loc, msg)


# Every suppression comment holds one of these words (a file without any
# is neither read nor tokenized).
_DIRECTIVE_WORDS = ("noqa", "NOQA", "nosec", "NOSEC", "flasklint")
_FLASKLINT_ID = re.compile(r"fl[0-9]", re.I)


@checker("FL005")
def unknown_suppression_ids(ctx):
    project = ctx.project
    seen = set()
    for word in _DIRECTIVE_WORDS:
        for m in project.modules_mentioning(word):
            if id(m) in seen:
                continue
            seen.add(id(m))
            text = m.text
            # (only flasklint ids are checked: a file naming none -- the
            # usual suppression of another tool's code -- is not tokenized)
            if text and _FLASKLINT_ID.search(text):
                yield from _unknown_ids(ctx, m.path, text, python=True)
    for path in sorted(project.config_files):
        text = project.config_files[path]
        if text and not path.endswith((".py", ".pyw")):
            yield from _unknown_ids(ctx, path, text, python=False)


def _unknown_ids(ctx, path, text, python):
    for line, column, comment in comments(text, python):
        for offset, rule_id in unknown_ids(comment, _rule):
            loc = ctx.project.file_location(path, line, column + offset + 1)
            yield ctx.finding("FL005", loc, f"unknown rule id {rule_id} in a suppression comment")


def _rule(key: str):
    key = key.strip()
    return RULES.get(key.upper()) or RULES_BY_NAME.get(key.lower())
