"""FL4xx/FL501 details the fixture markers do not show: severities,
confidences, full messages (golden), and the model APIs the rules read."""


import pytest

from flasklint.checks.secrets.cookies import identity_cookie
from flasklint.checks.secrets.key_values import weakness
from flasklint.checks.secrets.session import sensitivity
from flasklint.linter import build, lint
from flasklint.resolve.values import RequestInput
from tests.harness import FIXTURES

SECRETS = FIXTURES / "secrets"


def _findings(monkeypatch, case):
    monkeypatch.chdir(case)
    return {(f.path, f.line, f.rule): f for f in lint(["."]).findings}


@pytest.mark.parametrize(
    "key, weak",
    [
        ("dev", True),
        ("changeme", True),
        ("development key", True),
        ("hard to guess string", True),
        ("you-will-never-guess", True),
        ("CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET", True),
        ("aaaaaaaaaaaaaaaaaaaaaaaa", True),
        ("Zq8v2LmR4tYw9KpX3nB6", False),
        ("8f42a73054b1749f8f58848be5e6502c", False),
    ],
)
def test_weak_keys(key, weak):
    assert (weakness(key) is not None) is weak


def test_sensitive_names_and_identity_cookies():
    assert sensitivity("password") == "HIGH" and sensitivity("userPassword") == "HIGH"
    assert sensitivity("access_token") == "MEDIUM" and sensitivity("apiKey") == "MEDIUM"
    for name in ("csrf_token", "_csrf_token", "oauth_state", "password_reset_sent", "user_id", "next"):
        assert sensitivity(name) is None, name
    assert identity_cookie("user_id") and identity_cookie("isAdmin") and identity_cookie("role")
    assert not identity_cookie("theme") and not identity_cookie("language") and not identity_cookie("auth_token")


def test_severity_and_confidence(monkeypatch):
    f = _findings(monkeypatch, SECRETS / "factory_by_name")
    weak = f[("shop/settings.py", 10, "FL401")]
    assert (weak.severity, weak.confidence) == ("HIGH", "MEDIUM")  # a fallback, config chosen at run time
    strong = f[("shop/settings.py", 11, "FL401")]
    assert strong.severity == "MEDIUM"
    f = _findings(monkeypatch, SECRETS / "superset_placeholder")
    (placeholder,) = f.values()
    assert placeholder.severity == "LOW" and "refuses to start" in placeholder.message
    assert [r.location.line for r in placeholder.related] == [17, 27]
    f = _findings(monkeypatch, SECRETS / "flaskr_tutorial")
    dev = f[("flaskr/__init__.py", 9, "FL401")]
    assert (dev.severity, dev.confidence) == ("HIGH", "MEDIUM") and "from_pyfile" in dev.message
    f = _findings(monkeypatch, SECRETS / "missing_key")
    (missing,) = [x for x in f.values() if x.rule == "FL402"]
    assert missing.related[0].location.path == "cart/__init__.py" and missing.related[0].location.line == 7


def test_messages_golden(monkeypatch):
    from tests.test_cli import check_golden

    out = []
    for case in ("factory_by_name", "missing_key", "cookies", "sensitive_session", "signing_keys"):
        for _key, f in sorted(_findings(monkeypatch, SECRETS / case).items()):
            out.append(f"{case}/{f.path}:{f.line}: {f.rule} [{f.severity}/{f.confidence}] {f.message}")
            out += [f"    note: {r.location.path}:{r.location.line}: {r.message}" for r in f.related]
    check_golden("secrets_messages.txt", "\n".join(out) + "\n")


def test_model_session_apps_extensions_and_request_inputs(monkeypatch):
    monkeypatch.chdir(SECRETS / "missing_key")
    _, model = build(["."])
    (app,) = model.apps
    writes = [u for u in model.session_uses if u.kind in ("write", "flash")]
    # basket.add_item is called from a blueprint view registered on the app
    assert writes and all(model.apps_for(u.node) == [app] for u in writes)
    assert [u.method for u in model.session_uses if u.kind == "read"] == ["get"]

    monkeypatch.chdir(SECRETS / "read_only_session")
    _, model = build(["."])
    # SQLAlchemy's session and a local dict named session are not Flask's
    assert [(u.kind, u.method) for u in model.session_uses] == [("read", "get")]

    monkeypatch.chdir(SECRETS / "prefixed_env")
    _, model = build(["."])
    assert sorted((e.qualname, e.how) for e in model.extensions) == [
        ("flask_login.LoginManager", "ctor"),
        ("flask_wtf.csrf.CSRFProtect", "init_app"),
    ]
    assert [(l.method, l.from_environment) for l in model.apps[0].loads] == [("from_prefixed_env", True)]

    monkeypatch.chdir(SECRETS / "sensitive_session")
    _, model = build(["."])
    sources = {}
    for u in model.session_uses:
        for leaf in [u.value] if u.value is not None else []:
            if isinstance(leaf, RequestInput):
                sources[u.location.line] = (leaf.source, leaf.key)
    assert sources[14] == ("form", "password")
    assert sources[17] == ("form", "card")
    assert sources[25] == ("json", "access_token")
    assert sources[26] == ("headers", "X-Api-Key")
