"""Unit tests of the project model: apps, blueprints, prefixes, routes,
handlers and configuration resolved across modules."""


import pytest

from flasklint.linter import build
from tests.harness import FIXTURES

MODEL = FIXTURES / "model"


@pytest.fixture
def model_of(monkeypatch):
    def _build(name):
        monkeypatch.chdir(MODEL / name)
        _, model = build(["."])
        return model

    return _build


def _table(model, app):
    return [(fr.endpoint, fr.rule, tuple(fr.route.methods or ("GET",)), fr.location.path, fr.location.line) for fr in model.url_map(app)]


def test_factory_registering_blueprints_from_two_modules(model_of):
    model = model_of("factory_two_modules")
    assert [a.label for a in model.apps] == ["create_app()"]
    app = model.apps[0]
    assert sorted(b.name for b in model.blueprints) == ["admin", "api"]
    assert [r.blueprint.name for r in app.registrations] == ["api", "admin"]
    # register-time url_prefix wins over the constructor's; routes in order
    assert _table(model, app) == [
        ("api.list_orders", "/api/v1/orders", ("GET",), "shop/api/orders.py", 6),
        ("api.create_order", "/api/v1/orders", ("POST",), "shop/api/orders.py", 11),
        ("api.order", "/api/v1/orders/<int:order_id>", ("GET", "DELETE"), "shop/api/orders.py", 16),
        ("admin.dashboard", "/admin/", ("GET",), "shop/admin/views.py", 6),
        ("health", "/health", ("GET",), "shop/__init__.py", 16),
    ]
    # the config class passed as a default argument is loaded
    keys = {w.key: w for w in app.config}
    assert keys["DEBUG"].value.value is False
    assert keys["DEBUG"].location.path == "shop/config.py"
    assert [l.targets for l in app.loads] == [["Config"]]


def test_module_level_app_registering_blueprints_in_a_loop(model_of):
    model = model_of("loop_over_list")
    (app,) = model.apps
    assert app.label == "app"
    assert [r.blueprint.name for r in app.registrations] == ["users", "items"]
    assert [(e, r) for e, r, *_ in _table(model, app)] == [
        ("users.index", "/users/"),
        ("items.show", "/items/<item_id>"),
    ]
    show = model.url_map(app)[1].route
    assert show.view.name == "show" and [a.name for a in show.view.args.args] == ["item_id"]


def test_wrapper_app_registers_handlers_for_all_default_exceptions(model_of):
    model = model_of("json_wrapper")
    (app,) = model.apps
    assert app.label == "app"
    assert len(app.handlers) == 1
    h = app.handlers[0]
    assert h.via == "register_error_handler"
    assert {404, 405, 500} <= h.codes
    assert h.func.name == "error_handling"
    assert h.location.path == "jsonapp.py"
    assert [(e, r) for e, r, *_ in _table(model, app)] == [("my_microservice", "/api")]


def test_config_class_hierarchy_loaded_by_dotted_string(model_of):
    model = model_of("config_hierarchy")
    (app,) = model.apps
    (load,) = app.loads
    assert load.method == "from_object" and load.targets == ["ProductionConfig"] and load.certain
    written = {w.key: (w.value, w.location.path, w.location.line, w.container) for w in app.config}
    assert set(written) == {"SQLALCHEMY_TRACK_MODIFICATIONS", "JSON_SORT_KEYS", "PAGE_SIZE", "SECRET_KEY"}
    # the subclass's value wins over the base class's
    assert written["PAGE_SIZE"][0].value == 100
    assert written["PAGE_SIZE"][1:3] == ("proj/settings/prod.py", 8)
    assert written["JSON_SORT_KEYS"][1:3] == ("proj/settings/base.py", 3)
    # an environment lookup is not a literal
    assert type(written["SECRET_KEY"][0]).__name__ == "EnvVar"


def test_two_apps_with_the_same_module_name_resolve_locally(tmp_path, monkeypatch):
    for svc in ("one", "two"):
        d = tmp_path / svc
        d.mkdir()
        (d / "settings.py").write_text(f"NAME = {svc!r}\n")
        (d / "app.py").write_text("from flask import Flask\nfrom settings import NAME\napp = Flask(NAME)\n")
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    assert sorted(a.args[0].value for a in model.apps) == ["one", "two"]


def test_annotated_parameter_of_a_plugin_hook_is_the_app(model_of):
    model = model_of("plugin_hook")
    (app,) = model.apps
    assert [(e, r) for e, r, *_ in _table(model, app)] == [("board.index", "/forum/")]


def test_a_nested_module_named_like_flask_does_not_shadow_flask(tmp_path, monkeypatch):
    pkg = tmp_path / "tool" / "model"
    pkg.mkdir(parents=True)
    (tmp_path / "tool" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "flask.py").write_text("Flask = None\n")
    svc = tmp_path / "svc"
    svc.mkdir()
    (svc / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    assert [a.location.path for a in model.apps] == ["svc/app.py"]


def test_add_url_rule_in_a_helper_is_registered_once_per_call(model_of):
    """Flask's documented register_api(app, model, name) pattern."""
    model = model_of("register_api")
    (app,) = model.apps
    assert [(e, r, m) for e, r, m, *_ in _table(model, app)] == [
        ("users-item", "/users/<int:id>", ("DELETE", "GET", "PATCH")),
        ("users-group", "/users/", ("GET", "POST")),
        ("stories-item", "/stories/<int:id>", ("DELETE", "GET", "PATCH")),
        ("stories-group", "/stories/", ("GET", "POST")),
    ]


def _callers(tmp_path, n, line):
    svc = tmp_path / "svc"
    svc.mkdir(exist_ok=True)
    (svc / "__init__.py").write_text("")
    for i in range(n):
        (svc / f"caller{i}.py").write_text(line)


HELPERS = """\
from flask import Blueprint, Flask, jsonify

app = Flask(__name__)


def serve(flag):
    app.run(debug=flag)


def setup(target: Flask):
    target.config["DEBUG"] = True


class TracedBlueprint(Blueprint):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register_error_handler(500, self.on_error)

    def on_error(self, error):
        return jsonify({"error": "internal"})
"""


@pytest.mark.parametrize("callers", [3, 4])
def test_functions_called_from_too_many_modules_are_not_followed(tmp_path, monkeypatch, callers):
    """MAX_SCAN_MODULES: a parameter's call sites are followed only when few
    modules may hold them (``def serve(`` is no call); an annotation naming
    Flask still says what a parameter is, and ``self`` in a Blueprint
    subclass is followed however many modules name it."""
    from flasklint.linter import lint
    from flasklint.resolve import limits as resolve_limits

    monkeypatch.setattr(resolve_limits, "MAX_SCAN_MODULES", 3)
    line = "from svc.helpers import TracedBlueprint, serve, setup, app\n\nserve(True)\nsetup(app)\nbp = TracedBlueprint('b', __name__)\napp.register_blueprint(bp, url_prefix='/{}')\n"
    _callers(tmp_path, callers, line)
    (tmp_path / "svc" / "helpers.py").write_text(HELPERS)
    monkeypatch.chdir(tmp_path)
    result = lint(["."])
    got = sorted((f.rule, f.location.line) for f in result.findings if f.location.path == "svc/helpers.py")
    followed = [("FL101", 7)] if callers == 3 else []
    assert got == sorted(followed + [("FL102", 11), ("FL303", 20)])


SETTINGS = """\
from flask import Flask

app = Flask(__name__)


class Settings:
    DEBUG = True

    def apply(self, target: Flask):
        target.config["DEBUG"] = self.DEBUG


class LocalSettings(Settings):
    pass
"""


@pytest.mark.parametrize("bound, followed", [(6, True), (5, False)])
def test_self_in_a_class_hierarchy_named_in_too_many_modules_is_not_followed(tmp_path, monkeypatch, bound, followed):
    """``self`` comes from the instantiations of the class and its
    subclasses, followed while the hierarchy's classes are named in at most
    MAX_SCAN_MODULES modules in all: here Settings in 4 (LocalSettings
    contains the word) and LocalSettings in 2."""
    from flasklint.linter import lint
    from flasklint.resolve import limits as resolve_limits

    monkeypatch.setattr(resolve_limits, "MAX_SCAN_MODULES", bound)
    _callers(tmp_path, 2, "from svc.helpers import Settings, app\n\nSettings().apply(app)\n")
    (tmp_path / "svc" / "local.py").write_text("from svc.helpers import LocalSettings, app\n\nLocalSettings().apply(app)\n")
    (tmp_path / "svc" / "helpers.py").write_text(SETTINGS)
    monkeypatch.chdir(tmp_path)
    got = sorted((f.rule, f.location.path, f.location.line) for f in lint(["."]).findings)
    assert got == ([("FL102", "svc/helpers.py", 7)] if followed else [])


def test_a_probe_gives_up_alike_whatever_the_memo_tables_hold(tmp_path, monkeypatch):
    """MAX_BOUNDED_QUERY_STEPS counts virtual steps: a memoised answer counts what
    computing it counted.  So a probe gives up -- and finds nothing --
    whether or not the values it asks for are already known (the cache's
    rebuilds, whose memo tables are colder than a full run's, rely on it)."""
    from flasklint.resolve import limits as resolve_limits
    from flasklint.resolve.values import UNKNOWN

    names = [f"a{i}" for i in range(40)]
    (tmp_path / "m.py").write_text("".join(f"{n} = {i}\n" for i, n in enumerate(names)) + "v = [" + ", ".join(names) + "]\n")
    monkeypatch.setattr(resolve_limits, "MAX_BOUNDED_QUERY_STEPS", 20)
    monkeypatch.chdir(tmp_path)
    project, model = build(["."])
    r = model.resolver
    (mod,) = project.modules
    tree = project.tree(mod)
    costly, cheap = tree.body[-1].value, tree.body[0].value
    with r.analysing(mod):
        with r.bounded_query() as cold:
            r.values(costly)
        assert cold.gave_up
        assert r.values(costly) != [UNKNOWN]  # (outside a probe: computed, and memoised)
        with r.bounded_query() as warm:
            r.values(costly)
        assert warm.gave_up
        with r.bounded_query() as small:
            r.values(cheap)
        assert not small.gave_up


def test_import_statements_read_alike_from_bytes_and_from_the_tree(tmp_path):
    """Which modules a file imports (Project.imports_of) is read from its
    astroid tree when one was built, else from Python's ``ast``: the same
    statements, nested ones included."""
    from flasklint.source.files import discover
    from flasklint.source.project import Project
    from flasklint.source.treeindex import import_statements

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "m.py").write_text(
        "import os, pkg.a as pa\n"
        "from . import b\n"
        "from ..up import c\n"
        "try:\n    from .d import x\nexcept* ImportError:\n    import e\nelse:\n    import f\nfinally:\n    import g\n"
        "match v:\n    case 1:\n        from pkg import h\n"
        "class K:\n    def f(self):\n        while 1:\n            with z:\n                import i\n"
        "async def g():\n    async for n in y:\n        from pkg.j import k\n"
        "x = [__import__('not_a_statement')]\n"
    )
    project = Project(discover([str(tmp_path)]), cwd=str(tmp_path))
    mod = project.module_at(str(tmp_path / "pkg" / "m.py"))
    from_bytes = import_statements(mod)
    assert project.tree(mod) is not None
    from_tree = import_statements(mod)

    def norm(found):
        return sorted(repr((None if where is None else (where[0], where[1] or 0), names)) for where, names in found)

    assert norm(from_bytes) == norm(from_tree)
    assert norm(from_bytes) == norm(
        [
            (None, ["os", "pkg.a"]),
            (("", 1), ["b"]),
            (("up", 2), ["c"]),
            (("d", 1), ["x"]),
            (None, ["e"]),
            (None, ["f"]),
            (None, ["g"]),
            (("pkg", 0), ["h"]),
            (None, ["i"]),
            (("pkg.j", 0), ["k"]),
        ]
    )


def test_attribute_writes_no_checker_reads_are_not_resolved(tmp_path, monkeypatch):
    """``x.attr = v`` is resolved only for the paths a checker asks about
    (RECORDED_ATTR_WRITES): finding what ``self`` is for every
    ``self.error = error`` of a project reads its callers' modules."""
    from flasklint.resolve.core import Resolver

    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "__init__.py").write_text("")
    (tmp_path / "svc" / "app.py").write_text(
        "from flask import Flask\n\nfrom svc.tenancy import Tenancy\n\napp = Flask(__name__)\nTenancy(app)\n"
    )
    (tmp_path / "svc" / "tenancy.py").write_text(
        "from flask import Flask\n"
        "\n"
        "\n"
        "class Tenancy:\n"
        "    def __init__(self, app: Flask):\n"
        "        self.app = app\n"
        "        self.error = None\n"
        "        app.url_map.host_matching = True\n"
    )
    asked = []
    real = Resolver.objects

    def objects(self, node, *a, **k):
        asked.append((node.root().name, node.lineno, node.as_string()))
        return real(self, node, *a, **k)

    monkeypatch.setattr(Resolver, "objects", objects)
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    (app,) = model.apps
    assert list(app.attr_writes) == ["url_map.host_matching"]
    assert [a for a in asked if a[0] == "svc.tenancy"] == [("svc.tenancy", 8, "app")]


def test_rest_framework_calls_are_looked_at_only_where_a_framework_is_named(tmp_path, monkeypatch):
    """``Api(app)`` binds a REST framework only when ``Api`` comes from one
    of their packages, which some file must then name: without one, no call
    is looked at."""
    from flasklint.model.responses import ResponseAnalyzer

    app = "from flask import Flask\n\nfrom svc.api import Api\n\napp = Flask(__name__)\napi = Api(app)\n"
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "__init__.py").write_text("")
    (tmp_path / "svc" / "app.py").write_text(app)
    (tmp_path / "svc" / "api.py").write_text("class Api:\n    def __init__(self, app):\n        self.app = app\n")
    looked = []
    real = ResponseAnalyzer._api_call
    monkeypatch.setattr(ResponseAnalyzer, "_api_call", lambda self, call: looked.append(call) or real(self, call))
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    assert model.responses.api_frameworks() == [] and looked == []
    (tmp_path / "svc" / "api.py").write_text("from flask_restx import Api\n")
    _, model = build(["."])
    (binding,) = model.responses.api_frameworks()
    assert binding.framework == "flask-restx" and looked


@pytest.mark.parametrize("bound, recorded", [(250, True), (1, False)])
def test_whether_update_is_os_environ_update_is_a_probe(tmp_path, monkeypatch, bound, recorded):
    """``d.update(...)`` is asked of every dict of a project: whether ``d``
    is ``os.environ`` is a probe (MAX_BOUNDED_QUERY_STEPS), like whether it is an
    app's config; a parameter is followed through its call sites only
    within the bound."""
    from flasklint.resolve import limits as resolve_limits

    monkeypatch.setattr(resolve_limits, "MAX_BOUNDED_QUERY_STEPS", bound)
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "__init__.py").write_text("")
    (tmp_path / "svc" / "app.py").write_text(
        "import os\n\nfrom flask import Flask\n\nfrom svc.env import apply\n\napp = Flask(__name__)\napply(os.environ)\n"
    )
    (tmp_path / "svc" / "env.py").write_text(
        "from flask import current_app\n\n\ndef apply(target):\n    target.update(FLASK_DEBUG='1')\n    current_app.logger.info('set')\n"
    )
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    assert [(e.key, e.value.value) for e in model.env_writes] == ([("FLASK_DEBUG", "1")] if recorded else [])


def test_a_probe_that_gave_up_is_not_charged_with_answers_it_no_longer_needs(tmp_path, monkeypatch):
    """Once a probe gives up its caller finds nothing: a memoised answer it
    asks for afterwards is not served, and what computing that answer read
    is not charged to the step (the incremental cache would replay the step
    on an edit of those files)."""
    from flasklint.resolve import limits as resolve_limits
    from flasklint.resolve.values import UNKNOWN

    names = [f"a{i}" for i in range(40)]
    (tmp_path / "other.py").write_text("x = 1\n")
    (tmp_path / "m.py").write_text(
        "from other import x\n" + "".join(f"{n} = {i}\n" for i, n in enumerate(names)) + "v = [" + ", ".join(names) + "]\ny = x\n"
    )
    monkeypatch.setattr(resolve_limits, "MAX_BOUNDED_QUERY_STEPS", 20)
    monkeypatch.chdir(tmp_path)
    project, model = build(["."])
    r = model.resolver
    mod = next(m for m in project.modules if m.name == "m")
    other = next(m for m in project.modules if m.name == "other")
    tree = project.tree(mod)
    costly, ref = tree.body[-2].value, tree.body[-1].value
    rs = project.reads.sets
    rs.append(0)
    with r.analysing(mod):
        assert r.values(ref) != [UNKNOWN]  # (memoised, having read other.py)
        assert rs[-1] & (1 << other.index)
        rs[-1] = 0
        with r.bounded_query() as probe:
            r.values(costly)
            assert probe.gave_up
            assert r.values(ref) == [UNKNOWN]
    assert not rs[-1] & (1 << other.index)
    rs.pop()


def test_module_bindings_unpacked_from_a_function_copying_them_stay_cheap(tmp_path, monkeypatch):
    """``VERSION, TAG, URL = get_information()`` where the function starts
    from the module's own fallbacks: a module-level binding is evaluated
    outside the calls under way, so each is computed once -- evaluated per
    call level, four such names spent a file's whole budget (FL003)."""
    from flasklint.linter import lint

    names = ["VERSION_STRING", "VERSION_TAG", "DOCKER_TAG", "GIT_URL", "GIT_BRANCH"]
    version = "".join(f'{n} = "unknown"\n' for n in names)
    version += "\n\ndef get_information():\n" + "".join(f"    {n.lower()} = {n}\n" for n in names)
    version += "    try:\n        version_string = read_git()\n    except OSError:\n        pass\n"
    version += "    return " + ", ".join(n.lower() for n in names) + "\n\n\ndef read_git():\n    return 'v1'\n\n\n"
    version += ", ".join(names) + " = get_information()\n"
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "__init__.py").write_text("")
    (tmp_path / "svc" / "version.py").write_text(version)
    (tmp_path / "svc" / "app.py").write_text(
        "from flask import Flask\n\nfrom svc.version import GIT_URL, VERSION_STRING\n\n"
        "app = Flask(__name__)\napp.config['VERSION'] = VERSION_STRING\napp.config['SOURCE'] = GIT_URL\n"
    )
    monkeypatch.chdir(tmp_path)
    result = lint(["."])
    assert [f.rule for f in result.findings] == []
    writes = {w.key: w.value for w in result.model.config}
    assert "v1" in [getattr(v, "value", None) for v in writes["VERSION"].options]


def test_candidates_are_files_importing_flask_quart_werkzeug_or_an_extension(tmp_path):
    """A file that names flask/quart/werkzeug only in a comment or a string
    (a vendored library's credits, ``quarter``) is not a candidate, nor are
    its importers; one importing them or an extension (``flask_login``) is."""
    from flasklint.source.files import discover
    from flasklint.source.project import Project

    files = {
        "svc/__init__.py": "",
        "svc/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "svc/auth.py": "    from flask_login import LoginManager\n",
        "svc/run.py": "from svc.app import app\n\napp.run()\n",
        "svc/asgi.py": "import quart.app\n",
        "libs/util/__init__.py": "# Regular expressions from werkzeug/http.py (used with permission)\n",
        "libs/util/lexer.py": "WORDS = ['quart', 'quarter', 'flasks']\n",
        "libs/client.py": "import util\nfrom util import lexer\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    project = Project(discover([str(tmp_path)]))
    got = sorted(m.path.replace(str(tmp_path) + "/", "") for m in project.candidate_modules())
    assert got == ["svc/app.py", "svc/asgi.py", "svc/auth.py", "svc/run.py"]


def test_a_vendored_copy_of_flask_is_flask(tmp_path, monkeypatch):
    """A project shipping its dependencies (``libs/flask``, put on sys.path
    at run time) imports Flask from its copy: names imported from a
    project's flask, quart or werkzeug are Flask's, known by their qualified
    name -- not the copy's classes, which would hide every app."""
    (tmp_path / "libs" / "flask").mkdir(parents=True)
    (tmp_path / "libs" / "flask" / "__init__.py").write_text("from .app import Flask as Flask\n")
    (tmp_path / "libs" / "flask" / "app.py").write_text("class App:\n    pass\n\n\nclass Flask(App):\n    pass\n")
    (tmp_path / "server.py").write_text("from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n")
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    assert [a.label for a in model.apps] == ["app"]


def test_literal_keys_no_rule_reads_are_not_probed(tmp_path, monkeypatch):
    """``d["name"] = v`` with a literal key that is not an uppercase string
    cannot be a setting any rule reads: the receiver is not resolved (its
    parameters are not followed to their callers) and nothing is recorded.
    Uppercase and computed keys are probed as before."""
    (tmp_path / "app.py").write_text(
        "from flask import Flask\n\n"
        "app = Flask(__name__)\n"
        "app.config['SECRET_KEY'] = 'dev'\n"
        "app.config['secret_key'] = 'ignored by Flask'\n"
        "app.config[0] = 'nor this'\n"
        "KEY = 'DEBUG'\n"
        "app.config[KEY] = True\n\n\n"
        "def fill(row):\n"
        "    row['name'] = 'x'\n"
        "    row['NAME'] = 'y'\n"
    )
    from flasklint.resolve.core import Resolver

    asked = []
    real = Resolver._infer_param

    def spy(self, a, ctx):
        asked.append(a.name)
        return real(self, a, ctx)

    monkeypatch.setattr(Resolver, "_infer_param", spy)
    monkeypatch.chdir(tmp_path)
    _, model = build(["."])
    (app,) = model.apps
    assert [(w.key, w.location.line) for w in app.config] == [("SECRET_KEY", 4), ("DEBUG", 8)]
    assert asked.count("row") == 1  # (row['NAME'] only)
