"""The project's declared dependencies, read statically.

Looks at the project root only: ``requirements*.txt`` (and ``requirements/``
``*.txt``), ``setup.py`` (``install_requires=[...]`` literals, read with
:mod:`ast`, never run), ``setup.cfg`` (``[options] install_requires``) and
``pyproject.toml`` (PEP 621 ``[project] dependencies`` and Poetry's
``[tool.poetry.dependencies]``), ``Pipfile``, and the lock files
``Pipfile.lock``, ``poetry.lock`` and ``uv.lock`` (exact versions, marked
``locked``).  Rules use it to answer "which versions of
Flask can this project run on?" (``FLASK_ENV`` means debug mode only before
Flask 2.3).  Nothing found means *unknown*, never a guessed version.
"""

from __future__ import annotations

import ast
import glob
import os
import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from packaging.requirements import InvalidRequirement
from packaging.requirements import Requirement as PackagingRequirement
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from flasklint.model import configfiles

# A leading distribution name, for lines packaging rejects (``flask >= 2.x``):
# the dependency is declared, its versions are unknown.
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
# pip options after a requirement on one line (``flask==2.2.5 --hash=sha256:...``).
_PIP_OPTIONS = re.compile(r"\s+--?[A-Za-z].*$")


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares it (``Flask_Login`` -> ``flask-login``)."""
    return canonicalize_name(name)


def parse_version(text: str) -> Optional[Version]:
    """A PEP 440 version, or None when ``text`` is not one."""
    try:
        return Version(text)
    except (InvalidVersion, TypeError):
        return None


def specifier_set(text: str) -> SpecifierSet:
    """``">=2.0,<2.3"`` as a SpecifierSet; an empty one (anything goes, i.e.
    unknown) when the text is not a valid PEP 440 specifier."""
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return SpecifierSet()


def _wildcard_upper(version: str) -> Optional[Version]:
    """``2.2.*`` -> 2.3: the first version past an ``==X.Y.*`` prefix."""
    v = parse_version(version[:-2])
    if v is None:
        return None
    release = v.release
    return Version(".".join(map(str, release[:-1] + (release[-1] + 1,))))


def _upper(spec: Specifier) -> Optional[Tuple[Version, bool]]:
    """The upper bound one specifier puts on the version: (version, inclusive)."""
    op, ver = spec.operator, spec.version
    if op in ("==", "===") and ver.endswith(".*"):
        upper = _wildcard_upper(ver)
        return (upper, False) if upper is not None else None
    v = parse_version(ver)
    if v is None:
        return None
    if op in ("==", "==="):
        return v, True
    if op in ("<", "<="):
        return v, op == "<="
    if op == "~=" and len(v.release) >= 2:
        release = v.release[:-1]
        return Version(".".join(map(str, release[:-1] + (release[-1] + 1,)))), False
    return None


def _lower(spec: Specifier) -> Optional[Version]:
    """The lowest version one specifier admits (about: ``>4.1`` -> 4.1)."""
    if spec.operator not in ("==", "===", ">=", ">", "~="):
        return None
    ver = spec.version
    return parse_version(ver[:-2] if ver.endswith(".*") else ver)


@dataclass
class Requirement:
    name: str  # normalised (PEP 503)
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    path: str = ""
    line: int = 1
    text: str = ""
    locked: bool = False  # from a lock file: the version installed

    def upper_bound(self) -> Optional[Tuple[Version, bool]]:
        """The tightest upper bound the specifiers put on the version:
        (version, inclusive), or None when unbounded."""
        best = None
        for spec in self.specifier:
            bound = _upper(spec)
            if bound is not None and (best is None or bound[0] < best[0] or (bound[0] == best[0] and not bound[1])):
                best = bound
        return best

    def allows_only_below(self, version: str) -> bool:
        """True when every version the specifiers allow is lower than
        ``version`` (``flask==2.2.5``, ``flask<2.3``, ``flask~=2.2.0``)."""
        ub = self.upper_bound()
        target = parse_version(version)
        if ub is None or target is None:
            return False
        bound, inclusive = ub
        return bound < target or (bound == target and not inclusive)

    def requires_at_least(self, version: str) -> bool:
        """True when every version the specifiers allow is ``version`` or
        later (``flask-jwt-extended>=4.2``, ``==4.6.0``, ``~=4.1``)."""
        target = parse_version(version)
        if target is None:
            return False
        for spec in self.specifier:
            low = _lower(spec)
            if low is not None and low >= target:
                return True
        return False

    def allows_at_least(self, version: str) -> bool:
        """True when the specifiers allow ``version`` or later."""
        return not self.allows_only_below(version)


def parse_requirement(text: str, path: str = "", line: int = 1) -> Optional[Requirement]:
    """One PEP 508 requirement (``Flask[async]>=2.0,<2.3 ; python_version>"3"``),
    parsed by :mod:`packaging`; a line it rejects still declares its leading
    name, with unknown versions.  pip options (``-r``, ``-e``, ``--hash``),
    comments and bare URLs are not requirements."""
    text = re.split(r"(?:^|\s)#", text, maxsplit=1)[0].strip().rstrip("\\").strip()
    if not text or text.startswith(("-", "#", ".", "/")):
        return None
    text = _PIP_OPTIONS.sub("", text)
    try:
        req = PackagingRequirement(text)
    except InvalidRequirement:
        if "://" in text:
            return None
        m = _NAME.match(text)
        return Requirement(normalize(m.group(1)), SpecifierSet(), path, line, text) if m else None
    return Requirement(normalize(req.name), req.specifier, path, line, text)


def _poetry_specs(constraint: str) -> SpecifierSet:
    """Poetry constraints: ``^2.2`` (<3), ``~2.2`` (<2.3), ``2.2.*``, ``2.2``
    (exactly), ``*``, PEP 440; anything else (``||``) is unknown."""
    out = []
    for part in re.split(r",|\s+(?=[<>=!~^])", constraint):
        part = part.strip()
        v = parse_version(part[1:]) if part[:1] in ("^", "~") and part[:2] != "~=" else None
        if part.startswith("^") and v is not None:
            release = v.release
            first = next((i for i, n in enumerate(release) if n), len(release) - 1)
            upper = release[:first] + (release[first] + 1,)
            out += [f">={part[1:]}", "<" + ".".join(map(str, upper))]
        elif part.startswith("~") and not part.startswith("~=") and v is not None:
            release = v.release
            upper = (release[0] + 1,) if len(release) == 1 else (release[0], release[1] + 1)
            out += [f">={part[1:]}", "<" + ".".join(map(str, upper))]
        elif part and part[0].isdigit():
            out.append("==" + part)
        elif part and part != "*":
            out.append(part)
    return specifier_set(",".join(out))


def _line_of(text: str, needle: str) -> int:
    low = needle.lower()
    for i, line in enumerate(text.splitlines(), 1):
        if low in line.lower():
            return i
    return 1


def read_requirements(project) -> List[Requirement]:
    """Every requirement declared in the project root's packaging files."""
    root = project.root
    out: List[Requirement] = []
    paths = sorted(glob.glob(os.path.join(root, "requirements*.txt")))
    paths += sorted(glob.glob(os.path.join(root, "requirements", "*.txt")))
    for path in paths:
        text = project.read_config_file(path)
        if text is None:
            continue
        for lineno, line in enumerate(text.splitlines(), 1):
            req = parse_requirement(line, path, lineno)
            if req is not None:
                out.append(req)
    out += _setup_py(project, os.path.join(root, "setup.py"))
    out += _setup_cfg(project, os.path.join(root, "setup.cfg"))
    out += _pyproject(project, os.path.join(root, "pyproject.toml"))
    out += _pipfile(project, os.path.join(root, "Pipfile"))
    out += _pipfile_lock(project, os.path.join(root, "Pipfile.lock"))
    for lock in ("poetry.lock", "uv.lock"):
        out += _toml_lock(project, os.path.join(root, lock))
    return out


def _read(project, path) -> Optional[str]:
    return project.read_config_file(path) if os.path.isfile(path) else None


def _pipfile(project, path) -> List[Requirement]:
    """``[packages]`` of a Pipfile: ``name = "==1.2"`` / ``"*"`` /
    ``{version = ">=1.2"}``."""
    text = _read(project, path)
    data = configfiles.load_toml(text) if text is not None else None
    section = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        return []
    out = []
    for name, spec in section.items():
        if isinstance(spec, dict):
            spec = spec.get("version", "*")
        if not isinstance(spec, str):
            continue
        req = parse_requirement(name + ("" if spec.strip() == "*" else spec), path, _line_of(text, name))
        if req is not None:
            out.append(req)
    return out


def _pipfile_lock(project, path) -> List[Requirement]:
    import json

    text = _read(project, path)
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        return []
    section = data.get("default") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        return []
    out = []
    for name, entry in section.items():
        version = entry.get("version") if isinstance(entry, dict) else None
        if isinstance(version, str) and version.startswith("=="):
            out.append(Requirement(normalize(name), specifier_set(version), path, _line_of(text, f'"{name}"'), name + version, locked=True))
    return out


def _toml_lock(project, path) -> List[Requirement]:
    """``[[package]]`` entries of poetry.lock / uv.lock: name and version."""
    text = _read(project, path)
    data = configfiles.load_toml(text) if text is not None else None
    packages = data.get("package") if isinstance(data, dict) else None
    if not isinstance(packages, list):
        return []
    out = []
    for entry in packages:
        if not isinstance(entry, dict):
            continue
        name, version = entry.get("name"), entry.get("version")
        if isinstance(name, str) and isinstance(version, str):
            out.append(Requirement(normalize(name), specifier_set("==" + version), path, _line_of(text, f'name = "{name}"'), f"{name}=={version}", locked=True))
    return out


def _setup_py(project, path) -> List[Requirement]:
    if not os.path.isfile(path):
        return []
    text = project.read_config_file(path)
    if text is None:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("install_requires", "requires") and isinstance(node.value, (ast.List, ast.Tuple)):
            for elt in node.value.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    req = parse_requirement(elt.value, path, elt.lineno)
                    if req is not None:
                        out.append(req)
    return out


def _setup_cfg(project, path) -> List[Requirement]:
    if not os.path.isfile(path):
        return []
    text = project.read_config_file(path)
    if text is None:
        return []
    out = []
    in_section = False
    in_key = False
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            in_section = line[1:-1].strip() == "options"
            in_key = False
            continue
        if not in_section or not line or line[0] in "#;":
            continue
        if raw[:1] not in (" ", "\t"):
            key, _, value = line.partition("=")
            in_key = key.strip() == "install_requires"
            line = value.strip()
            if not in_key or not line:
                continue
        if in_key:
            req = parse_requirement(line, path, lineno)
            if req is not None:
                out.append(req)
    return out


def _pyproject(project, path) -> List[Requirement]:
    if not os.path.isfile(path):
        return []
    text = project.read_config_file(path)
    if text is None:
        return []
    data = configfiles.load_toml(text)
    if not isinstance(data, dict):
        return []
    out = []
    proj = data.get("project")
    if isinstance(proj, dict) and isinstance(proj.get("dependencies"), list):
        for dep in proj["dependencies"]:
            if isinstance(dep, str):
                req = parse_requirement(dep, path, _line_of(text, dep))
                if req is not None:
                    out.append(req)
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
    if isinstance(deps, dict):
        for name, constraint in deps.items():
            if isinstance(constraint, dict):
                constraint = constraint.get("version")
            if not isinstance(constraint, str) or not isinstance(name, str):
                continue
            out.append(Requirement(normalize(name), _poetry_specs(constraint), path, _line_of(text, name), f"{name} = {constraint!r}"))
    return out
