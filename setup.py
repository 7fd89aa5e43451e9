import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"', (HERE / "flasklint" / "__init__.py").read_text()).group(1)

# One Bandit test per rule (FL1xx-FL5xx), found in the rule definitions by a
# regex: setup.py must not import flasklint (its dependencies may be missing
# at build time).  flasklint/bandit_plugin.py defines a module attribute per
# registered rule id; tests/test_bandit.py checks both lists agree.  FL0xx
# (diagnostics about flasklint's own input) are not Bandit tests.
_RULE_RE = re.compile(r'\bid\s*=\s*"(FL[1-5]\d\d)"(?:\s*,\s*name\s*=\s*"([a-z0-9-]+)")?')


def bandit_entry_points():
    found = {}
    for path in sorted((HERE / "flasklint" / "checks").rglob("*.py")):
        for m in _RULE_RE.finditer(path.read_text(encoding="utf-8")):
            rule_id, name = m.group(1), m.group(2)
            found.setdefault(rule_id, (name or rule_id.lower()).replace("-", "_"))
    return [f"{name} = flasklint.bandit_plugin:{rule_id}" for rule_id, name in sorted(found.items())]


setup(
    name="flasklint",
    version=VERSION,
    description="Static analysis and security linter for Flask applications",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT",
    packages=find_packages(include=["flasklint", "flasklint.*"]),
    python_requires=">=3.9",
    # What flasklint imports at run time: astroid, and Werkzeug's router
    # (werkzeug.routing.rules, 2.2 and later) -- never Flask itself, so that
    # installing flasklint into an application's environment never upgrades
    # the application's Flask.  The Bandit plugin is an extra.  pathspec
    # (small, pure Python, no dependencies) matches .gitignore patterns;
    # packaging (pure Python, in nearly every environment) reads the
    # project's requirement pins as pip does; python-dotenv (pure Python, no
    # dependencies) reads .flaskenv/.env as Flask itself does.
    install_requires=[
        "astroid>=3.0",
        "werkzeug>=2.2",
        "pathspec>=0.12",
        "packaging>=20",
        "python-dotenv>=0.19",
        'tomli>=1.1; python_version < "3.11"',
    ],
    extras_require={
        "bandit": ["bandit>=1.7"],
        "test": ["pytest>=7", "hypothesis>=6", "hypothesmith>=0.3", "jsonschema>=4", "bandit[sarif]>=1.7.8", "flask>=2.2"],
    },
    entry_points={
        "console_scripts": ["flasklint=flasklint.cli:main"],
        "bandit.plugins": bandit_entry_points(),
    },
    classifiers=[
        "Development Status :: 4 - Beta",
        "Environment :: Console",
        "Framework :: Flask",
        "Intended Audience :: Developers",
        "Programming Language :: Python :: 3",
        "Topic :: Software Development :: Quality Assurance",
        "Topic :: Security",
    ],
)
