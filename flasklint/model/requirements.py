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

from flasklint.model import configfiles

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_SPEC = re.compile(r"(===|==|~=|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.*+!-]*)")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_version(text: str) -> Optional[Tuple[int, ...]]:
    """``"2.2.5"`` -> (2, 2, 5); pre-release suffixes are dropped; None if
    the text does not start with a number."""
    nums = []
    for part in text.split("."):
        m = re.match(r"\d+", part)
        if not m:
            break
        nums.append(int(m.group()))
        if m.end() != len(part):
            break
    return tuple(nums) if nums else None


@dataclass
class Requirement:
    name: str  # normalised (PEP 503)
    specs: List[Tuple[str, str]] = field(default_factory=list)  # (operator, version)
    path: str = ""
    line: int = 1
    text: str = ""
    locked: bool = False  # from a lock file: the version installed

    def upper_bound(self) -> Optional[Tuple[Tuple[int, ...], bool]]:
        """The tightest upper bound the specifiers put on the version:
        (version, inclusive), or None when unbounded."""
        best = None
        for op, ver in self.specs:
            bound = None
            if op in ("==", "==="):
                if ver.endswith(".*"):
                    v = parse_version(ver[:-2])
                    bound = (v[:-1] + (v[-1] + 1,), False) if v else None
                else:
                    v = parse_version(ver)
                    bound = (v, True) if v else None
            elif op in ("<", "<="):
                v = parse_version(ver)
                bound = (v, op == "<=") if v else None
            elif op == "~=":
                v = parse_version(ver)
                if v and len(v) >= 2:
                    bound = (v[:-2] + (v[-2] + 1,), False)
            if bound is not None and (best is None or _lt(bound, best)):
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
        b, t = _pad(bound, target)
        return b < t or (b == t and not inclusive)

    def requires_at_least(self, version: str) -> bool:
        """True when every version the specifiers allow is ``version`` or
        later (``flask-jwt-extended>=4.2``, ``==4.6.0``, ``~=4.1``)."""
        target = parse_version(version)
        if target is None:
            return False
        for op, ver in self.specs:
            v = parse_version(ver[:-2] if ver.endswith(".*") else ver)
            if v is None or op not in ("==", "===", ">=", ">", "~="):
                continue
            a, t = _pad(v, target)
            if a >= t:
                return True
        return False

    def allows_at_least(self, version: str) -> bool:
        """True when the specifiers allow ``version`` or later."""
        ub = self.upper_bound()
        if ub is None:
            return True
        return not self.allows_only_below(version)


def _pad(a, b):
    n = max(len(a), len(b))
    return a + (0,) * (n - len(a)), b + (0,) * (n - len(b))


def _lt(x, y) -> bool:
    a, b = _pad(x[0], y[0])
    return a < b or (a == b and not x[1] and y[1])


def parse_requirement(text: str, path: str = "", line: int = 1) -> Optional[Requirement]:
    """One PEP 508 requirement (``Flask[async]>=2.0,<2.3 ; python_version>"3"``)."""
    text = text.split(";", 1)[0].split(" #", 1)[0].strip()
    if not text or text.startswith(("-", "#")) or "://" in text:
        return None
    m = _NAME.match(text)
    if not m:
        return None
    specs = [(op, ver) for op, ver in _SPEC.findall(m.group(3) or "")]
    return Requirement(normalize(m.group(1)), specs, path, line, text)


def _poetry_specs(constraint: str) -> List[Tuple[str, str]]:
    """Poetry constraints: ``^2.2`` (<3), ``~2.2`` (<2.3), ``2.2.*``, PEP 440."""
    out = []
    for part in constraint.split(","):
        part = part.strip()
        if part.startswith("^"):
            v = parse_version(part[1:])
            if v:
                out.append((">=", part[1:]))
                first = next((i for i, n in enumerate(v) if n), len(v) - 1)
                upper = v[:first] + (v[first] + 1,)
                out.append(("<", ".".join(map(str, upper))))
        elif part.startswith("~") and not part.startswith("~="):
            v = parse_version(part[1:])
            if v:
                out.append((">=", part[1:]))
                upper = (v[0] + 1,) if len(v) == 1 else (v[0], v[1] + 1)
                out.append(("<", ".".join(map(str, upper))))
        elif part and part[0].isdigit():
            out.append(("==", part))
        else:
            out.extend(_SPEC.findall(part))
    return out


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
            out.append(Requirement(normalize(name), [("==", version[2:])], path, _line_of(text, f'"{name}"'), name + version, locked=True))
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
            out.append(Requirement(normalize(name), [("==", version)], path, _line_of(text, f'name = "{name}"'), f"{name}=={version}", locked=True))
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
