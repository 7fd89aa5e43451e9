"""The fixes of the error-handling rules (FL302, FL303, FL502): each returns
a :class:`~flasklint.finding.Fix` for the simple form of its finding, or None
whenever the code has any other shape (never a guess)."""

from __future__ import annotations

from typing import Optional

from astroid import nodes

from flasklint.finding import Fix
from flasklint.fixes.edits import SAFE, UNSAFE, Edit, insert_after, insert_at, span_text
from flasklint.model import responses as R


def _literal_status(node) -> Optional[int]:
    if isinstance(node, nodes.Const) and type(node.value) is int and 100 <= node.value <= 599:
        return node.value
    return None


def jsonify_status_fix(ctx, call) -> Optional[Fix]:
    """``return jsonify(obj, 500)`` -> ``return jsonify(obj), 500`` (FL502, and
    FL303 for the same mistake in an error handler): safe when the status is
    a literal HTTP status and the call is what the ``return`` returns (a
    tuple elsewhere would change what a variable holds)."""
    args = call.args or []
    if len(args) != 2 or call.keywords or any(isinstance(a, nodes.Starred) for a in args):
        return None
    status = _literal_status(args[1])
    ret = call.parent
    if status is None or not isinstance(ret, nodes.Return) or ret.value is not call:
        return None
    first, second = ctx.location(args[0]), ctx.location(args[1])
    gap = span_text(ctx.project, first.path, first.end_line, first.end_column, second.end_line, second.end_column)
    if gap is None or "#" in gap:
        return None  # (a comment between them would go too: leave it to the user)
    return Fix(
        SAFE,
        f"Return the status beside the body: jsonify(...), {status}",
        (
            Edit(first.end_line, first.end_column, second.end_line, second.end_column, ""),
            insert_after(ctx.location(call), f", {status}"),
        ),
    )


def handler_status_fix(ctx, func, handlers, ans) -> Optional[Fix]:
    """A handler's ``return body`` -> ``return body, 404``: the one status the
    handler is registered for (by code, or an exception class whose code is
    known).  Unsafe: clients see another status.  Only for a handler with a
    single ``return`` of a plain body."""
    codes = set()
    for h in handlers:
        if not h.codes or (h.exception and h.exception in R.HTTP_EXCEPTION_BASES):
            return None
        codes |= set(h.codes)
    if len(codes) != 1 or ans.body == R.REDIRECT:
        return None
    ret = ans.node
    if not isinstance(ret, nodes.Return) or ret.value is None or isinstance(ret.value, nodes.Tuple):
        return None
    if sum(1 for _ in ret.frame().nodes_of_class(nodes.Return, skip_klass=(nodes.FunctionDef, nodes.Lambda, nodes.ClassDef))) != 1:
        return None
    if ret.frame() is not func:
        return None
    code = next(iter(codes))
    return Fix(UNSAFE, f"Return the handler's status: (body, {code})", (insert_after(ctx.location(ret.value), f", {code}"),))


def app_errorhandler_fix(ctx, h) -> Optional[Fix]:
    """``@bp.errorhandler(404)`` -> ``@bp.app_errorhandler(404)`` for a handler
    registered by code for 404/405 only.  Unsafe: it then answers every
    such error of the app, not only the blueprint's."""
    call = h.node
    if not h.codes or not set(h.codes) <= {404, 405} or h.exception:
        return None
    if not isinstance(call, nodes.Call) or not isinstance(call.func, nodes.Attribute) or call.func.attrname != "errorhandler":
        return None
    loc = ctx.location(call.func)
    if loc.end_column is None or loc.end_column <= len("errorhandler"):
        return None
    line = ctx.project.source_line(loc.path, loc.end_line)
    col = loc.end_column - len("errorhandler")
    if line is None or line[col - 1 : loc.end_column - 1] != "errorhandler":
        return None
    return Fix(UNSAFE, "Register the handler app-wide: app_errorhandler(...)", (insert_at(loc.end_line, col, "app_"),))
