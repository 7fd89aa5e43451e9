"""What a view or error handler answers: its response body and status.

For each ``return`` of a function the analysis says

* the **body**: ``json`` (``jsonify``, a dict or list, ``Response(...,
  mimetype="application/json")``, a body rewritten with ``json.dumps``),
  ``html`` (``render_template``, ``e.get_response()``, the exception itself,
  a literal starting with ``<``), ``text`` (another string), ``redirect``,
  ``file`` (``send_file``/``send_from_directory``/``send_static_file``) or
  ``unknown``;
* the **status**: given (a ``(body, code)`` tuple, ``make_response(body,
  code)``, ``Response(status=)`` or a second positional argument,
  ``resp.status_code = ...``/``resp.status = ...``, ``e.get_response()``,
  returning the HTTP exception itself, a redirect), certainly *not* given
  (the client gets 200), or unknown;
* ``jsonify(obj, 500)``: positional arguments become a JSON list and the
  status is lost (``lost_status`` holds the code).

Calls to project functions are followed (``return api_error(404, "...")``)
a few levels deep.  Nothing is guessed: what cannot be decided is unknown.

It also finds what an error handler or view sends that it should not
(tracebacks, exception details: :func:`ResponseAnalyzer.leaks`), handlers
that choose HTML when the client accepts ``*/*``
(:func:`ResponseAnalyzer.html_negotiations`), the JSON-or-HTML character of
an app's views (:func:`ResponseAnalyzer.view_bodies`) and REST frameworks
bound to an app or blueprint (:func:`ResponseAnalyzer.api_frameworks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from astroid import nodes

from flasklint.knowledge import names as N
from flasklint.knowledge.extensions import EXTENSIONS
from flasklint.model.syntax import call_name
from flasklint.resolve.values import ClassRef, Const, ExtCall, ExtName, FunctionRef, Instance, Mapping, Seq, const_str
from flasklint.source.walk import FUNC_TYPES, SCOPE_TYPES, nodes_of

JSON = "json"
HTML = "html"
TEXT = "text"
REDIRECT = "redirect"
FILE = "file"
UNKNOWN_BODY = "unknown"

_JSONIFY = {N.JSONIFY}
_RENDER = {N.RENDER_TEMPLATE, "flask.render_template_string", "flask.stream_template", "flask.stream_template_string"} | {
    q for ext in EXTENSIONS for q in ext.html_renderers
}
_REDIRECT = {"flask.redirect"}
_FILES = {"flask.send_file", "flask.send_from_directory", "flask.helpers.send_file", "flask.helpers.send_from_directory"}
_RESPONSE_CLASSES = {N.RESPONSE, "werkzeug.wrappers.Response", "werkzeug.wrappers.response.Response", "werkzeug.Response"}
_MAKE_RESPONSE = {N.MAKE_RESPONSE}
_JSON_DUMPS = {"json.dumps", "flask.json.dumps", "simplejson.dumps", "ujson.dumps", "orjson.dumps"}
_STATUS_NAMES = {"status", "status_code", "code", "http_status", "http_code", "status_int", "error_code"}
_GENERIC_EXCEPTIONS = {"builtins.Exception", "builtins.BaseException"}
_TRACEBACK_FUNCS = {
    "traceback.format_exc": "traceback.format_exc()",
    "traceback.format_exception": "traceback.format_exception()",
    "traceback.format_tb": "traceback.format_tb()",
    "traceback.format_stack": "traceback.format_stack()",
    "traceback.extract_tb": "traceback.extract_tb()",
    "traceback.extract_stack": "traceback.extract_stack()",
    "traceback.print_exc": None,  # prints to stderr: not a leak
    "sys.exc_info": "sys.exc_info()",
}
# REST frameworks that answer errors of their own routes in JSON: the
# extension records with JSON errors and a binding class (``Api(app)``).
API_FRAMEWORKS = {q: ext for ext in EXTENSIONS if ext.json_errors is not None for q in ext.binds}

ABORT_HOW = "abort()"  # (how an Answer made by abort() sets its status)

_API_PACKAGES = sorted({q.split(".")[0] for q in API_FRAMEWORKS})


@dataclass
class Answer:
    """What one ``return`` answers."""

    node: object  # the Return node (or a lambda body)
    body: str
    status_given: Optional[bool]  # True: a status is set; False: certainly none (200); None: unknown
    status: Optional[int] = None  # the status when known
    how: str = ""  # how the status is set (for messages)
    lost_status: Optional[int] = None  # jsonify(obj, <int>): the status that became list data
    jsonify_call: object = None  # that jsonify call
    via: Tuple[object, ...] = ()  # calls to project functions followed to get here

    @property
    def answers_200(self) -> bool:
        return self.status_given is False


@dataclass
class Leak:
    node: object  # the expression that leaks
    what: str  # e.g. "traceback.format_exc()"
    certain: bool = True  # False for str(e) of a broad exception
    ret: object = None  # the Return node sending it


@dataclass
class ApiBinding:
    """A REST framework object bound to an app or blueprint."""

    framework: str  # the extension's name: Flask-RESTful, flask-restx...
    qualname: str
    node: object  # the Api(...) call (or init_app call)
    target: object  # App or Blueprint
    kwargs: Dict[str, object] = field(default_factory=dict)  # name -> Value
    ctor: object = None  # the Api(...) call
    record: object = None  # the knowledge.extensions record


def _merge(answers: List[Answer], node) -> Answer:
    bodies = {a.body for a in answers}
    body = bodies.pop() if len(bodies) == 1 else UNKNOWN_BODY
    given = {a.status_given for a in answers}
    status_given = given.pop() if len(given) == 1 else None
    statuses = {a.status for a in answers}
    status = statuses.pop() if len(statuses) == 1 else None
    lost = next((a for a in answers if a.lost_status is not None), None)
    hows = [a.how for a in answers if a.how]
    return Answer(node, body, status_given, status, hows[0] if hows else "", lost.lost_status if lost else None, lost.jsonify_call if lost else None)


class ResponseAnalyzer:
    MAX_DEPTH = 3

    def __init__(self, model):
        self.model = model
        self.resolver = model.resolver
        self._answers: Dict[int, List[Answer]] = {}
        self._apis: Optional[List[ApiBinding]] = None

    # -- returns ----------------------------------------------------------------------
    def answers(self, func, _depth: int = 0) -> List[Answer]:
        """One :class:`Answer` per ``return`` of ``func`` (a function or a
        lambda); empty when it has none."""
        if func is None:
            return []
        key = id(func)
        if key in self._answers:
            return self._answers[key]
        self._answers[key] = []  # cycle guard
        out = []
        if isinstance(func, nodes.Lambda):
            out.append(self._answer(func.body, func, func.body, _depth))
        else:
            for ret in _returns(func):
                if ret.value is None or (isinstance(ret.value, nodes.Const) and ret.value.value is None):
                    continue
                out.append(self._answer(ret.value, func, ret, _depth))
        self._answers[key] = out
        return out

    def _answer(self, expr, func, ret, depth) -> Answer:
        try:
            a = self._classify(expr, func, depth, set())
        except RecursionError:
            a = Answer(ret, UNKNOWN_BODY, None)
        a.node = ret
        return a

    def _q(self, node) -> Optional[str]:
        try:
            return self.resolver.qualname(node)
        except RecursionError:
            return None

    def _classify(self, expr, func, depth, seen) -> Answer:
        if isinstance(expr, nodes.Await):  # (Quart: ``await render_template(...)``)
            return self._classify(expr.value, func, depth, seen)
        if isinstance(expr, nodes.Tuple):
            return self._tuple(expr, func, depth, seen)
        if isinstance(expr, (nodes.Dict, nodes.List, nodes.ListComp, nodes.DictComp)):
            return Answer(expr, JSON, False)
        if isinstance(expr, nodes.Const) and isinstance(expr.value, (str, bytes)):
            text = expr.value if isinstance(expr.value, str) else expr.value.decode("latin-1")
            return Answer(expr, HTML if text.lstrip().startswith("<") else TEXT, False)
        if isinstance(expr, (nodes.JoinedStr,)) or (isinstance(expr, nodes.BinOp) and expr.op in ("%", "+") and _stringy(expr)):
            return Answer(expr, HTML if _starts_with_tag(expr) else TEXT, False)
        if isinstance(expr, nodes.IfExp):
            a = self._classify(expr.body, func, depth, seen)
            b = self._classify(expr.orelse, func, depth, seen)
            return _merge([a, b], expr)
        if isinstance(expr, nodes.Call):
            return self._call(expr, func, depth, seen)
        if isinstance(expr, nodes.Name):
            return self._name(expr, func, depth, seen)
        return Answer(expr, UNKNOWN_BODY, None)

    def _tuple(self, expr, func, depth, seen) -> Answer:
        elts = expr.elts
        if not elts:
            return Answer(expr, UNKNOWN_BODY, None)
        body = self._classify(elts[0], func, depth, seen)
        if len(elts) == 1:
            return body
        second = elts[1]
        if isinstance(second, (nodes.Dict, nodes.List)):
            # (body, headers): the status is the body's
            return Answer(expr, body.body, body.status_given, body.status, body.how, body.lost_status, body.jsonify_call, body.via)
        v = self.resolver.value(second)
        if isinstance(v, (Mapping, Seq)):
            return Answer(expr, body.body, body.status_given, body.status, body.how, body.lost_status, body.jsonify_call, body.via)
        code = v.value if isinstance(v, Const) and isinstance(v.value, int) else None
        return Answer(expr, body.body, True, code, "a (body, status) tuple", body.lost_status, body.jsonify_call, body.via)

    def _call(self, call, func, depth, seen) -> Answer:
        f = call.func
        q = self._q(f)
        if q in _JSONIFY:
            lost = jsonify_lost_status(self, call)
            return Answer(call, JSON, False, lost_status=lost, jsonify_call=call if lost is not None else None)
        if q in _RENDER:
            return Answer(call, HTML, False)
        if q in _REDIRECT:
            return Answer(call, REDIRECT, True, 302, "a redirect")
        if q in _FILES:
            return Answer(call, FILE, False)
        if q in _JSON_DUMPS:
            return Answer(call, JSON, False)
        if q in _MAKE_RESPONSE:
            return self._make_response(call, func, depth, seen)
        if q in _RESPONSE_CLASSES or _is_response_class_attr(f):
            return self._response_ctor(call, func, depth, seen)
        if q == "flask.abort" or q == N.ABORT:
            return Answer(call, HTML, True, None, ABORT_HOW)
        if isinstance(f, nodes.Attribute):
            if f.attrname == "get_response" and self._is_exception_param(f.expr, func):
                return Answer(call, HTML, True, None, "e.get_response()")
            if f.attrname == "send_static_file":
                return Answer(call, FILE, False)
            if f.attrname in ("to_dict", "dict", "model_dump"):
                return Answer(call, JSON, False)
        # a project function: follow it
        if depth < self.MAX_DEPTH:
            targets = [v.node for v in self.resolver.values(f) if isinstance(v, FunctionRef)]
            if len(targets) == 1 and targets[0] is not func:
                inner = self.answers(targets[0], depth + 1) if id(targets[0]) not in self._answers else self._answers[id(targets[0])]
                if inner:
                    m = _merge(inner, call)
                    m.via = (call,) + m.via
                    return m
        return Answer(call, UNKNOWN_BODY, None)

    def _make_response(self, call, func, depth, seen) -> Answer:
        args = [a for a in call.args if not isinstance(a, nodes.Starred)]
        if len(args) != len(call.args):
            return Answer(call, UNKNOWN_BODY, None)
        if not args:
            return Answer(call, UNKNOWN_BODY, False)
        if len(args) == 1:
            inner = self._classify(args[0], func, depth, seen)
            inner.node = call
            return inner
        # make_response(body, status[, headers])
        body = self._classify(args[0], func, depth, seen)
        tup = nodes.Tuple(lineno=call.lineno, col_offset=call.col_offset, parent=call.parent)
        tup.postinit(args)
        got = self._tuple(tup, func, depth, seen)
        got.node = call
        got.how = "make_response(body, status)" if got.how == "a (body, status) tuple" else got.how
        got.body = body.body
        return got

    def _response_ctor(self, call, func, depth, seen) -> Answer:
        kws = {kw.arg: kw.value for kw in call.keywords or () if kw.arg}
        status_node = kws.get("status") or (call.args[1] if len(call.args) > 1 else None)
        given = status_node is not None
        code = None
        if status_node is not None:
            v = self.resolver.value(status_node)
            if isinstance(v, Const) and isinstance(v.value, int):
                code = v.value
        body = UNKNOWN_BODY
        mt = kws.get("mimetype") or kws.get("content_type") or (call.args[3] if len(call.args) > 3 else None)
        if mt is not None:
            s = const_str(self.resolver.value(mt))
            if s is not None:
                body = JSON if "json" in s else HTML if "html" in s else TEXT
        else:
            first = call.args[0] if call.args else kws.get("response")
            if first is not None:
                inner = self._classify(first, func, depth, seen)
                # a str body without mimetype is served as text/html
                body = HTML if inner.body in (JSON, TEXT, HTML) else inner.body
            else:
                body = HTML
        return Answer(call, body, given, code, "Response(status=...)" if given else "")

    def _name(self, name, func, depth, seen) -> Answer:
        if isinstance(func, nodes.Lambda):
            return Answer(name, UNKNOWN_BODY, None)
        if self._is_exception_param(name, func):
            # returning the HTTP exception: Flask answers its own (HTML) response
            return Answer(name, HTML, True, None, "the exception itself")
        if name.name in seen:
            return Answer(name, UNKNOWN_BODY, None)
        assigns = _local_assignments(func, name.name)
        if not assigns:
            v = self.resolver.value(name)
            s = v.value if isinstance(v, Const) else None
            if isinstance(s, str):
                return Answer(name, HTML if s.lstrip().startswith("<") else TEXT, False)
            return Answer(name, UNKNOWN_BODY, None)
        seen = seen | {name.name}
        parts = []
        for a in assigns:
            if a is None:
                return Answer(name, UNKNOWN_BODY, None)
            parts.append(self._classify(a, func, depth, seen))
        got = _merge(parts, name)
        # resp.status_code = ..., resp.data = json.dumps(...), resp.mimetype = ...
        for attr, value in _attribute_writes(func, name.name):
            if attr in ("status_code", "status"):
                v = self.resolver.value(value)
                got.status_given = True
                got.status = v.value if isinstance(v, Const) and isinstance(v.value, int) else None
                got.how = f"{name.name}.{attr} = ..."
            elif attr in ("mimetype", "content_type"):
                s = const_str(self.resolver.value(value))
                if s is not None:
                    got.body = JSON if "json" in s else HTML if "html" in s else TEXT
            elif attr in ("data", "set_data") and got.body == HTML and got.how == "e.get_response()":
                inner = self._classify(value, func, depth, seen)
                if inner.body == JSON:
                    got.body = JSON
        return got

    def _is_exception_param(self, node, func) -> bool:
        """``node`` is the handler's exception parameter (its first)."""
        if not isinstance(node, nodes.Name) or not isinstance(func, FUNC_TYPES):
            return False
        params = list(func.args.posonlyargs or []) + list(func.args.args or [])
        if params and isinstance(func.parent, nodes.ClassDef) and params[0].name in ("self", "cls"):
            params = params[1:]
        if not params or params[0].name != node.name:
            return False
        return not _local_assignments(func, node.name)

    # -- leaks -------------------------------------------------------------------------
    def leaks(self, func, broad_param: bool = False) -> List[Leak]:
        """Internal detail sent to the client by ``func``'s returns: a
        traceback (``traceback.format_exc()`` & co), ``e.original_exception``,
        or -- when ``broad_param`` (the function handles any Exception) --
        ``str(e)``/``repr(e)`` of its exception parameter; in views and
        handlers alike, ``str(e)`` of an exception caught by ``except
        Exception as e`` (uncertain)."""
        out: List[Leak] = []
        if func is None or isinstance(func, nodes.Lambda):
            return out
        for ret in _returns(func):
            if ret.value is None:
                continue
            for expr, what, certain in self._leaky(ret.value, func, broad_param, set(), 0):
                out.append(Leak(expr, what, certain, ret))
        # a generator defined in the view and streamed as its body
        # (``return Response(stream())``): what it yields reaches the client
        for inner in nodes_of(func, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
            if inner is func or not _streamed(func, inner):
                continue
            for y in nodes_of(inner, nodes.Yield, SCOPE_TYPES):
                if y.value is None:
                    continue
                for expr, what, certain in self._leaky(y.value, inner, False, set(), 0):
                    out.append(Leak(expr, what, certain, y))
        # abort(500, description=...): the description is the error page's
        # text (Flask's HTML page, or e.description in a JSON handler)
        for call in nodes_of(func, nodes.Call, SCOPE_TYPES):
            if call_name(call) != "abort" or self._q(call.func) != N.ABORT:
                continue
            desc = call.args[1] if len(call.args) > 1 else next((kw.value for kw in call.keywords or () if kw.arg == "description"), None)
            if desc is None:
                continue
            for expr, what, certain in self._leaky(desc, func, broad_param, set(), 0):
                out.append(Leak(expr, what, certain, call))
        return out

    def _leaky(self, expr, func, broad_param, seen, depth):
        if depth > 6:
            return
        for n in _walk(expr):
            if isinstance(n, nodes.Call):
                q = self._q(n.func)
                if q in _TRACEBACK_FUNCS and _TRACEBACK_FUNCS[q]:
                    yield n, _TRACEBACK_FUNCS[q], True
                    continue
                if q in ("builtins.str", "builtins.repr") and len(n.args) == 1:
                    tgt = n.args[0]
                    kind = self._exception_kind(tgt, func, broad_param)
                    if kind == "original":
                        yield n, f"{q[9:]}({tgt.as_string()})", True
                    elif kind:
                        yield n, f"{q[9:]}({tgt.as_string()})", False
                    continue
                # a project helper given the exception first, which returns
                # its text: error_message(e) -> str(e)
                if n.args and depth < 2 and self._exception_kind(n.args[0], func, broad_param):
                    helper = self._project_function(n)
                    if helper is not None:
                        for ret in _returns(helper):
                            if ret.value is None:
                                continue
                            for _, what, certain in self._leaky(ret.value, helper, True, set(), depth + 1):
                                yield n, f"{what}, returned by {n.func.as_string()}()", certain
                                break
                            else:
                                continue
                            break
            elif isinstance(n, nodes.FormattedValue):
                kind = self._exception_kind(n.value, func, broad_param)
                if kind == "original":
                    yield n.value, f"{n.value.as_string()} in an f-string", True
                elif kind:
                    yield n.value, f"{n.value.as_string()} in an f-string", False
            elif isinstance(n, nodes.Attribute) and n.attrname == "original_exception":
                if self._is_exception_param(n.expr, func) and not isinstance(n.parent, nodes.Attribute):
                    if not (isinstance(n.parent, nodes.Call) and n.parent.func is not n and self._q(n.parent.func) in ("builtins.type", "builtins.isinstance")):
                        yield n, f"{n.as_string()}", True
            elif isinstance(n, nodes.Name) and n.name not in seen:
                if isinstance(n.parent, nodes.Call) and n.parent.func is n:
                    continue
                for a in _local_assignments(func, n.name):
                    if a is not None:
                        yield from self._leaky(a, func, broad_param, seen | {n.name}, depth + 1)

    def _project_function(self, call):
        """The project's function a call runs, when the resolver knows it."""
        got = [v.node for v in self.resolver.values(call.func) if isinstance(v, FunctionRef)]
        return got[0] if len(got) == 1 and isinstance(got[0], (nodes.FunctionDef, nodes.AsyncFunctionDef)) else None

    def _exception_kind(self, node, func, broad_param) -> Optional[str]:
        """"original" for ``e.original_exception``; "broad" for the exception
        of ``except Exception as e`` (or a broad handler's parameter); else None."""
        if isinstance(node, nodes.Attribute) and node.attrname == "original_exception":
            return "original" if self._is_exception_param(node.expr, func) else None
        if not isinstance(node, nodes.Name):
            return None
        if broad_param and self._is_exception_param(node, func):
            return "broad"
        for h in nodes_of(func, nodes.ExceptHandler):
            if h.name is not None and h.name.name == node.name and encloses(h, node):
                if h.type is None:
                    return "broad"
                q = self._q(h.type)
                if q in _GENERIC_EXCEPTIONS:
                    return "broad"
        return None

    # -- content negotiation -----------------------------------------------------------
    def html_negotiations(self, func) -> List[Tuple[object, str]]:
        """Tests in ``func`` that choose HTML when the client accepts
        ``*/*`` (the default of curl and requests): ``'text/html' in
        request.accept_mimetypes`` and ``request.accept_mimetypes.accept_html``."""
        out = []
        if func is None or isinstance(func, nodes.Lambda):
            return out
        for n in nodes_of(func, (nodes.Compare, nodes.Attribute)):
            if isinstance(n, nodes.Compare) and len(n.ops) == 1 and n.ops[0][0] in ("in", "not in"):
                left = self.resolver.value(n.left)
                if const_str(left) in ("text/html", "application/xhtml+xml") and self._q(n.ops[0][1]) == "flask.request.accept_mimetypes":
                    out.append((n, f"{n.as_string()}"))
            elif isinstance(n, nodes.Attribute) and n.attrname == "accept_html":
                if self._q(n.expr) == "flask.request.accept_mimetypes":
                    out.append((n, "request.accept_mimetypes.accept_html"))
        return out

    # -- views ----------------------------------------------------------------------------
    def view_bodies(self, view) -> set:
        """The bodies a view answers (``json``/``html``/``text``/...); a
        View class contributes its handler methods.  A view decorated with a
        project decorator that renders templates (Flask's ``@templated``
        pattern) answers HTML whatever it returns."""
        if view is None:
            return set()
        funcs = []
        if isinstance(view, nodes.ClassDef):
            for c in self.resolver.mro(view):
                for m in ("get", "post", "put", "patch", "delete", "dispatch_request"):
                    d = c.locals.get(m)
                    if d and isinstance(d[0], FUNC_TYPES):
                        funcs.append(d[0])
        elif isinstance(view, FUNC_TYPES):
            funcs.append(view)
        out = set()
        for f in funcs:
            if self._renders_in_decorator(f):
                out.add(HTML)
                continue
            # (``return abort(404)`` raises: what answers is the error
            # handler, or Flask's HTML page -- not a sign the view serves HTML)
            out.update(a.body for a in self.answers(f) if a.how != ABORT_HOW)
        return out

    def _renders_in_decorator(self, func) -> bool:
        if not func.decorators:
            return False
        for d in func.decorators.nodes:
            target = d.func if isinstance(d, nodes.Call) else d
            for v in self.resolver.values(target):
                if isinstance(v, FunctionRef):
                    for call in nodes_of(v.node, nodes.Call):
                        if self._q(call.func) in _RENDER:
                            return True
        return False

    # -- calls ------------------------------------------------------------------------------
    def jsonify_calls(self) -> list:
        """Every call to ``flask.jsonify`` in the project."""
        if getattr(self, "_jsonify", None) is None:
            self._jsonify = []
            for mod in self.model.project.candidate_modules():
                if not mod.mentions("jsonify"):
                    continue
                tree = self.model.project.tree(mod)
                if tree is None:
                    continue
                for call in nodes_of(tree, nodes.Call):
                    f = call.func
                    name = f.name if isinstance(f, nodes.Name) else f.attrname if isinstance(f, nodes.Attribute) else None
                    if name == "jsonify" and self._q(f) in _JSONIFY:
                        self._jsonify.append(call)
        return self._jsonify

    # -- REST frameworks ------------------------------------------------------------------
    def api_frameworks(self) -> List[ApiBinding]:
        """``Api(app)``, ``Api(bp)`` and ``api.init_app(app)`` of
        flask-restful, flask-restx, flask-restplus and flask-smorest (and
        project subclasses of their Api)."""
        if self._apis is not None:
            return self._apis
        self._apis = []
        project = self.model.project
        # A value is one of these Api classes only through an import
        # statement spelling the framework's package: in a project where no
        # file names one, no call needs a look (the scan is costly on large projects).
        if not any(project.modules_mentioning(w) for w in _API_PACKAGES):
            return self._apis
        # (only files that may call init_app or a name holding "Api" -- not
        # those that merely define ``class UserApi(...)``: see Project.holds)
        calling = {id(m) for m in project.modules_calling("init_app")} | {id(m) for m in project.modules_calling("Api", inside=True)}
        for mod in project.candidate_modules():
            if id(mod) not in calling:
                continue
            tree = self.model.project.tree(mod)
            if tree is None:
                continue
            for call in nodes_of(tree, nodes.Call):
                try:
                    self._api_call(call)
                except RecursionError:
                    continue
        return self._apis

    def _api_qualname(self, func_node) -> Optional[str]:
        for v in self.resolver.values(func_node):
            if isinstance(v, ExtName) and v.qualname in API_FRAMEWORKS:
                return v.qualname
            if isinstance(v, ClassRef):
                q = self._api_qualname_of_class(v.node)
                if q is not None:
                    return q
        return None

    def _api_qualname_of_class(self, cls) -> Optional[str]:
        for c in self.resolver.mro(cls):
            for b in self.resolver.bases(c):
                if isinstance(b, ExtName) and b.qualname in API_FRAMEWORKS:
                    return b.qualname
        return None

    def _api_call(self, call):
        f = call.func
        name = f.name if isinstance(f, nodes.Name) else f.attrname if isinstance(f, nodes.Attribute) else None
        if name is None:
            return
        if name == "init_app" and isinstance(f, nodes.Attribute) and call.args:
            # api.init_app(app): api is Api(...)
            for v in self.resolver.values(f.expr):
                ctor = getattr(v, "origin", None)
                q = None
                if isinstance(v, ExtCall) and v.qualname in API_FRAMEWORKS:
                    q = v.qualname
                elif isinstance(v, Instance):
                    q = self._api_qualname_of_class(v.cls_node)
                    ctor = v.call
                if q is not None:
                    self._bind(q, call, call.args[0], ctor if isinstance(ctor, nodes.Call) else None)
            return
        q = self._api_qualname(f) if ("Api" in name) else None
        if q is None:
            return
        kwargs = {kw.arg: self.resolver.value(kw.value) for kw in call.keywords or () if kw.arg}
        target = call.args[0] if call.args else next((kw.value for kw in call.keywords or () if kw.arg == "app"), None)
        if target is None:
            # Api() then init_app(app): recorded by the init_app call
            return
        self._bind(q, call, target, call, kwargs)

    def _bind(self, q, node, target_node, ctor, kwargs=None):
        if kwargs is None:
            kwargs = {}
            if ctor is not None:
                kwargs = {kw.arg: self.resolver.value(kw.value) for kw in ctor.keywords or () if kw.arg}
            kwargs.update({kw.arg: self.resolver.value(kw.value) for kw in node.keywords or () if kw.arg})
        for obj in self.resolver.objects(target_node):
            if obj.kind in ("app", "blueprint"):
                self._apis.append(ApiBinding(API_FRAMEWORKS[q].name, q, node, obj, kwargs, ctor, API_FRAMEWORKS[q]))


def jsonify_lost_status(analyzer, call) -> Optional[int]:
    """For ``jsonify(obj, <status>)``: the status that became JSON list data
    (a literal 100..599, or -1 when it is a status-named expression such as
    ``e.code`` or ``status``); None otherwise."""
    args = call.args or []
    if len(args) < 2 or call.keywords or any(isinstance(a, nodes.Starred) for a in args):
        return None
    last = args[-1]
    v = analyzer.resolver.value(last)
    if isinstance(v, Const) and isinstance(v.value, int) and not isinstance(v.value, bool) and 100 <= v.value <= 599:
        return v.value
    if isinstance(last, nodes.Attribute) and last.attrname in _STATUS_NAMES:
        return -1
    if isinstance(last, nodes.Name) and last.name in _STATUS_NAMES:
        return -1
    return None


def _streamed(func, inner) -> bool:
    """``inner`` (a function defined in ``func``) is a generator whose call
    ``func`` returns, directly or wrapped (``Response(inner())``,
    ``stream_with_context(inner())``)."""
    if not any(True for _ in nodes_of(inner, nodes.Yield, SCOPE_TYPES)):
        return False
    for ret in _returns(func):
        if ret.value is None:
            continue
        for call in nodes_of(ret.value, nodes.Call):
            if isinstance(call.func, nodes.Name) and call.func.name == inner.name:
                return True
    return False


def _returns(func):
    return list(nodes_of(func, nodes.Return, SCOPE_TYPES))


def _walk(expr):
    """``expr`` and its sub-expressions, not entering lambdas or comprehensions' scopes."""
    stack = [expr]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, nodes.Lambda):
            continue
        stack.extend(reversed(list(n.get_children())))


def encloses(outer, node) -> bool:
    """Whether ``node`` lies inside ``outer`` (or is it)."""
    n = node
    while n is not None:
        if n is outer:
            return True
        n = n.parent
    return False


def _local_assignments(func, name) -> list:
    """Values assigned to local ``name`` in ``func`` (None for an assignment
    whose value cannot be read: augmented, unpacking, for-loops...)."""
    # the function's AssignName nodes by name, indexed once per function
    # (kept on the node: it lives as long as the tree)
    by_name = getattr(func, "_flasklint_assign_names", None)
    if by_name is None:
        by_name = {}
        for n in nodes_of(func, nodes.AssignName, SCOPE_TYPES):
            by_name.setdefault(n.name, []).append(n)
        func._flasklint_assign_names = by_name
    out = []
    for n in by_name.get(name, ()):
        p = n.parent
        if isinstance(p, nodes.Arguments):
            continue
        if isinstance(p, (nodes.Assign, nodes.AnnAssign)) and p.value is not None and n in (p.targets if isinstance(p, nodes.Assign) else [p.target]):
            out.append(p.value)
        else:
            out.append(None)
    return out


def _attribute_writes(func, name):
    """(attribute, value node) for ``name.attr = value`` and
    ``name.set_data(value)`` in ``func``."""
    out = []
    for n in nodes_of(func, (nodes.AssignAttr, nodes.Call), SCOPE_TYPES):
        if isinstance(n, nodes.AssignAttr):
            if isinstance(n.expr, nodes.Name) and n.expr.name == name and isinstance(n.parent, nodes.Assign):
                out.append((n.attrname, n.parent.value))
        else:
            f = n.func
            if isinstance(f, nodes.Attribute) and f.attrname == "set_data" and isinstance(f.expr, nodes.Name) and f.expr.name == name and n.args:
                out.append(("set_data", n.args[0]))
    return out


def _stringy(expr) -> bool:
    left = expr.left
    while isinstance(left, nodes.BinOp):
        left = left.left
    return isinstance(left, (nodes.Const, nodes.JoinedStr)) and isinstance(getattr(left, "value", ""), str)


def _starts_with_tag(expr) -> bool:
    n = expr
    while isinstance(n, nodes.BinOp):
        n = n.left
    if isinstance(n, nodes.JoinedStr) and n.values and isinstance(n.values[0], nodes.Const):
        n = n.values[0]
    return isinstance(n, nodes.Const) and isinstance(n.value, str) and n.value.lstrip().startswith("<")


def _is_response_class_attr(f) -> bool:
    # current_app.response_class(...) / app.response_class(...)
    return isinstance(f, nodes.Attribute) and f.attrname == "response_class"
