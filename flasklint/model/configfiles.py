"""Parsers for the non-Python configuration files Flask apps load.

Each parser returns (key, value, line) triples and never raises on bad input:
malformed lines are skipped (and reported by the caller where useful).
"""

from __future__ import annotations

import io
import json
import re
from typing import Dict, List, Optional, Tuple

# Flask loads .flaskenv and .env with python-dotenv (dotenv_values(), which
# interpolates ${VAR}); its parser is used here on the file's text, never on
# a path, so that values, quotes, ``export`` and comments are read exactly as
# Flask reads them.
from dotenv.parser import parse_stream
from dotenv.variables import parse_variables

from flasklint.source.files import split_lines

# Imported now, not when a TOML file turns up: a late import could find a
# project module of the same name on sys.path.
try:
    import tomllib  # type: ignore
except ImportError:  # Python < 3.11
    try:
        import tomli as tomllib  # type: ignore
    except ImportError:
        tomllib = None

# Guards against hostile files: python-dotenv's regexes are quadratic in a
# run of blanks inside an unquoted value and in the number of "${" in one
# value.  Longer blank runs are shortened (they matter to no value flasklint
# reads) and values with more "${" than this are kept as written.
_LONG_BLANKS = re.compile(r"[^\S\r\n]{33,}")
_MAX_INTERPOLATIONS = 32
_NEWLINE = re.compile(r"\r\n|\n|\r")  # (python-dotenv's line ends)


def parse_dotenv(text: str) -> List[Tuple[str, str, int]]:
    """``.flaskenv`` / ``.env`` as Flask reads them with python-dotenv:
    ``KEY=VALUE``, optional ``export``, single/double quotes (multi-line
    too), `` #`` comments after unquoted values, and ``${VAR}`` /
    ``${VAR:-default}`` expanded from the keys set earlier in the same file
    (as dotenv_values() does).  The environment flasklint runs in is not the
    application's: a variable the file does not set expands to its default
    (or nothing), as in a clean environment.  Lines python-dotenv cannot
    parse, and keys without ``=``, are skipped (Flask skips them too).
    Returns (key, value, line) with the line of the key."""
    text = _LONG_BLANKS.sub(lambda m: m.group()[:32], text)
    out = []
    seen: Dict[str, Optional[str]] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.key is None or binding.error:
            continue
        value = binding.value
        if value is None:  # (``KEY`` alone: Flask sets nothing, ${KEY} expands to "")
            seen[binding.key] = None
            continue
        if value.count("${") <= _MAX_INTERPOLATIONS:
            value = "".join(atom.resolve(seen) for atom in parse_variables(value))
        seen[binding.key] = value
        original = binding.original
        # (the binding starts after the previous one: skip its leading blank lines)
        skipped = original.string[: len(original.string) - len(original.string.lstrip())]
        out.append((binding.key, value, original.line + len(_NEWLINE.findall(skipped))))
    return out


def parse_ini(text: str) -> Dict[str, List[Tuple[str, str, int]]]:
    """Sections of an INI file: {section: [(key, raw value, line)]}.  Keys
    keep their case; the caller applies configparser's lower-casing."""
    sections: Dict[str, List[Tuple[str, str, int]]] = {}
    current: Optional[str] = None
    for lineno, raw in enumerate(split_lines(text), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, [])
            continue
        if current is None:
            continue
        m = re.match(r"^([^=:]+?)\s*[=:]\s*(.*)$", line)
        if m:
            sections[current].append((m.group(1).strip(), m.group(2).strip(), lineno))
    return sections


def ini_value(raw: str):
    """An INI value as konfig returns it (``Config(path).get_map(section)``):
    integers and floats are converted, ``true``/``false`` (any case) become
    booleans, a double-quoted value loses its quotes, and everything else
    stays a string -- ``yes``, ``no``, ``on`` and ``off`` included (all true,
    being non-empty strings)."""
    value = raw.strip()
    if re.match(r"^-?[0-9]+$", value):
        return int(value)
    if re.match(r"^-?[0-9]+\.[0-9]*$|^-?\.[0-9]+$", value):
        return float(value)
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def parse_json_config(text: str) -> Optional[List[Tuple[str, object, int]]]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        return None
    if not isinstance(data, dict):
        return None
    lines = split_lines(text)
    out = []
    for key, value in data.items():
        out.append((key, value, _find_key_line(lines, key, ('"%s"' % key,))))
    return out


def load_toml(text: str) -> Optional[dict]:
    """A TOML document as a dict, or None (unparsable, or no TOML parser)."""
    if tomllib is None:
        return None
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return None


def parse_toml_config(text: str) -> Optional[List[Tuple[str, object, int]]]:
    if tomllib is None:
        return None
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return None
    lines = split_lines(text)
    return [(k, v, _find_key_line(lines, k, (k, '"%s"' % k))) for k, v in data.items()]


def _find_key_line(lines, key, needles) -> int:
    for i, line in enumerate(lines, 1):
        s = line.strip()
        for n in needles:
            if s.startswith(n) and s[len(n):].lstrip()[:1] in ("=", ":"):
                return i
    return 1


def truthy_env(value: str) -> bool:
    """How Flask reads FLASK_DEBUG: on unless empty or 0/false/no."""
    return value.strip().lower() not in ("", "0", "false", "no")
