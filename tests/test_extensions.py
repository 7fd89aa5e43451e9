"""Extension knowledge: the records, what they decide in messages and
confidences (the fixture markers show where findings are), versions read
from the project's pins, and the rule that extensions stay data."""

import re
import shutil
from pathlib import Path

import pytest

from flasklint import settings
from flasklint.knowledge import extensions as X
from flasklint.linter import lint
from tests.harness import FIXTURES
from tests.test_cli import check_golden

EXT = FIXTURES / "extensions"
ROOT = Path(__file__).resolve().parent.parent


def _findings(monkeypatch, case):
    monkeypatch.chdir(case)
    knowledge = settings.load(start=".").knowledge()
    return {(f.path, f.line, f.rule): f for f in lint(["."], knowledge=knowledge).findings}


def test_messages_golden(monkeypatch):
    out = []
    for case in sorted(p.name for p in EXT.iterdir() if p.is_dir()):
        for _key, f in sorted(_findings(monkeypatch, EXT / case).items()):
            out.append(f"{case}/{f.path}:{f.line}: {f.rule} [{f.severity}/{f.confidence}] {f.message}")
            out += [f"    note: {r.location.path}:{r.location.line}: {r.message}" for r in f.related]
    check_golden("extensions_messages.txt", "\n".join(out) + "\n")


def _bare_jwt_project(tmp_path, requirements=None):
    shutil.copytree(EXT / "jwt_extended", tmp_path / "svc")
    if requirements is not None:
        (tmp_path / "svc" / "requirements.txt").write_text(requirements)
    return tmp_path / "svc"


@pytest.mark.parametrize(
    "requirements, confidence",
    [
        (None, "MEDIUM"),  # no pin: the version is unknown, and the message says so
        ("flask\nflask-jwt-extended\n", "MEDIUM"),
        ("Flask-JWT-Extended>=4.4\n", "HIGH"),
        ("flask-jwt-extended==4.6.0\n", "HIGH"),
        ("flask-jwt-extended<4\n", None),  # 3.x: a bare @jwt_required is right
    ],
)
def test_bare_decorator_confidence_follows_pins(tmp_path, monkeypatch, requirements, confidence):
    found = _findings(monkeypatch, _bare_jwt_project(tmp_path, requirements))
    hit = [f for f in found.values() if f.rule == "FL202"]
    if confidence is None:
        assert hit == []
        return
    (f,) = hit
    assert f.confidence == confidence
    assert "flask-jwt-extended" in f.message and "'wrapper'" in f.message
    assert ("no pinned version was found" in f.message) is (confidence == "MEDIUM")


def test_older_names_mean_an_older_version(tmp_path, monkeypatch):
    case = _bare_jwt_project(tmp_path)
    (case / "legacy.py").write_text("from flask_jwt_extended import jwt_optional\n")
    assert not [f for f in _findings(monkeypatch, case).values() if f.rule == "FL202"]


def test_signer_makes_a_server_side_session_need_the_key(tmp_path, monkeypatch):
    case = tmp_path / "svc"
    shutil.copytree(EXT / "flask_session_signer", case)
    app = case / "app.py"
    app.write_text(app.read_text().replace("SESSION_USE_SIGNER=True", "SESSION_USE_SIGNER=False"))
    assert not [f for f in _findings(monkeypatch, case).values() if f.rule == "FL402"]


def test_records_are_complete_and_consistent():
    names = [e.name for e in X.EXTENSIONS]
    assert len(names) == len(set(names))
    for ext in X.EXTENSIONS:
        assert ext.evidence and all(re.fullmatch(r"e\d\d[a-z]?|live", e) for e in ext.evidence), ext.name
        for q in ext.binds + ext.app_classes + ext.blueprint_classes + tuple(f.qualname for f in ext.app_factories):
            assert q.split(".", 1)[0] == ext.package, (ext.name, q)
        for d in ext.bare_decorators:
            assert d.qualname.split(".", 1)[0] == ext.package and d.endpoint
            assert not d.older_names or d.since
        for c in ext.insecure_cookies:
            assert c.secure_setting and (c.set_by_call or c.set_by_setting)
    assert X.binder("flask_wtf.csrf.CSRFProtect") is X.by_name("Flask-WTF")
    assert X.secret_setting("JWT_SECRET_KEY")[1] is X.by_name("flask-jwt-extended")
    assert X.secret_setting("GITHUB_CLIENT_SECRET") is None  # a pattern needs the extension bound
    assert X.secret_setting("GITHUB_CLIENT_SECRET", (X.by_name("Authlib"),))[1] is X.by_name("Authlib")


def test_every_record_is_documented():
    doc = (ROOT / "docs" / "extensions.md").read_text(encoding="utf-8")
    missing = [e.name for e in X.EXTENSIONS if f"| {e.name} |" not in doc]
    assert not missing, f"docs/extensions.md has no row for {missing}"


def test_rules_never_name_an_extension():
    """Adding an extension is a record, not a rule change: no check module
    spells an extension's package (docstring examples aside)."""
    packages = sorted({e.package for e in X.EXTENSIONS})
    offenders = []
    for path in sorted((ROOT / "flasklint" / "checks").rglob("*.py")):
        if path.name == "rules.py":
            continue  # (rule documentation: examples of real code)
        text = path.read_text(encoding="utf-8")
        for pkg in packages:
            if re.search(rf"\b{pkg}\.[A-Za-z_]", text):
                offenders.append(f"{path.relative_to(ROOT)}: {pkg}")
    assert not offenders, offenders


def test_undeclared_helpers_stay_unknown(tmp_path, monkeypatch):
    """Without the declarations, an app made by an unknown library is not
    guessed at: no finding."""
    case = tmp_path / "svc"
    shutil.copytree(EXT / "declared_helpers", case)
    (case / "pyproject.toml").write_text('[project]\nname = "orders"\n')
    assert _findings(monkeypatch, case) == {}


def test_declarations_reach_the_cli_and_routes(capsys, monkeypatch):
    from tests.harness import run_cli

    code, out, _ = run_cli(["--no-cache", "--format", "json", "."], EXT / "declared_helpers", capsys, monkeypatch)
    assert code == 1 and '"FL401"' in out and '"FL201"' in out
    code, out, _ = run_cli(["routes", "."], EXT / "declared_helpers", capsys, monkeypatch)
    assert code == 0 and "/orders/<int:order_id>" in out and "orders.show" in out


def test_a_declaration_must_be_a_qualified_name(tmp_path, capsys, monkeypatch):
    from tests.harness import run_cli

    (tmp_path / "pyproject.toml").write_text('[tool.flasklint]\napp-factories = ["make_app"]\n')
    (tmp_path / "app.py").write_text("")
    code, _, err = run_cli(["."], tmp_path, capsys, monkeypatch)
    assert code == 2 and "app-factories" in err and "'make_app' is not a qualified name" in err


@pytest.mark.parametrize(
    "name, text, confidence",
    [
        ("Pipfile", '[packages]\nflask = "*"\nflask-jwt-extended = "==4.6.0"\n', "HIGH"),
        ("Pipfile", '[packages]\nflask-jwt-extended = {version = "<4"}\n', None),
        ("Pipfile.lock", '{"default": {"flask-jwt-extended": {"version": "==4.6.0"}}, "develop": {}}', "HIGH"),
        ("poetry.lock", '[[package]]\nname = "flask-jwt-extended"\nversion = "3.25.1"\n', None),
        ("uv.lock", 'version = 1\n[[package]]\nname = "flask-jwt-extended"\nversion = "4.7.1"\n', "HIGH"),
    ],
)
def test_versions_from_pipfiles_and_lock_files(tmp_path, monkeypatch, name, text, confidence):
    case = _bare_jwt_project(tmp_path)
    (case / "requirements.txt").write_text("flask-jwt-extended\n")  # (loose: the lock file decides)
    (case / name).write_text(text)
    hit = [f for f in _findings(monkeypatch, case).values() if f.rule == "FL202"]
    assert [f.confidence for f in hit] == ([confidence] if confidence else [])
