"""Routing semantics: how Werkzeug matches URL rules, decided statically.

Used by the FL2xx route checks.  Nothing here imports analysed code: rules
are strings taken from the project model, compiled by the *installed*
Werkzeug (Flask's own router, a runtime dependency of flasklint), which
serves as the oracle for every verdict.

* :func:`parse_rule` splits a rule into segments (one per Werkzeug "part"),
  each with the language its converters accept;
* :func:`same_parts` is Werkzeug 3.2's duplicate criterion (same parts,
  variable names ignored);
* :func:`rule_subset` proves that every URL one rule accepts is accepted by
  another (the shadowing criterion of the semantics note, segment by
  segment);
* :func:`witnesses` builds candidate URLs from both rules (static text,
  converter samples, ``any`` items, trailing slash) and :class:`Oracle`
  replays them through ``werkzeug.routing.Map`` to find a URL both accept
  and which rule wins it.

The matcher facts this relies on (Werkzeug >= 2.2): at each segment the
static transition is tried first, then dynamic ones by converter weight,
ties in creation (registration) order; a method mismatch backtracks; a
converter ``ValidationError`` is a 404 with no fallback, so matching is
decided by converter *regexes*, not by their validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

_WZ = None


def _no_build(rule, *args, **kwargs):
    raise NotImplementedError("flasklint's routing oracle does not build URLs")


def _wz():
    """The installed Werkzeug, the oracle -- imported on first use (a run
    answered from the cache never needs it), or None without it."""
    global _WZ
    if _WZ is None:
        try:
            from werkzeug.routing import Map, Rule
            from werkzeug.routing.rules import parse_converter_args

            class MatchRule(Rule):
                """A rule that only matches.  The oracle never builds URLs,
                and compiling Werkzeug's URL builders (Python code generated
                and compiled per rule) was most of its time."""

                def _compile_builder(self, append_unknown=True):
                    return _no_build

            _WZ = (Map, MatchRule, parse_converter_args)
        except Exception:  # pragma: no cover - flask (and werkzeug) are dependencies
            _WZ = False
    return _WZ or None

AUTO_METHODS = frozenset({"HEAD", "OPTIONS"})

_PART_RE = re.compile(
    r"""
    (?:
        (?P<slash>/)
      |
        (?P<static>[^</]+)
      |
        (?:
          <
            (?:
              (?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)
              (?:\((?P<arguments>.*?)\))?
              :
            )?
            (?P<variable>[a-zA-Z_][a-zA-Z0-9_]*)
           >
        )
    )
    """,
    re.VERBOSE,
)

UUID_SAMPLE = "12345678-1234-1234-1234-123456789abc"
_GENERIC_SAMPLES = ("x", "1", "a-longer-name", UUID_SAMPLE, "1.5", "42", "-1", "abc", "me", "new", "x.json")
_STRING_LEN = re.compile(r"^\[\^/\]\{(\d+),(\d*)\}$|^\[\^/\]\{(\d+)\}$")


# ----------------------------------------------------------------------------
# parsing


@dataclass(frozen=True)
class Lang:
    """The language of one segment.

    kind: ``static`` (text), ``string`` (lo, hi), ``int``/``float``
    (signed), ``uuid``, ``any`` (items), ``path`` (the rest of the URL),
    ``opaque`` (mixed static and converters, custom converters: only
    compared by identity)."""

    kind: str
    text: str = ""
    lo: int = 0
    hi: Optional[int] = None
    signed: bool = False
    items: Tuple[str, ...] = ()


@dataclass
class Segment:
    pieces: tuple  # ("static", text) | ("var", name, converter object)
    regex: str  # fullmatch regex of the segment (or of the rest, when final)
    final: bool  # swallows the rest of the URL (path-like converter)
    lang: Lang

    @property
    def static(self) -> bool:
        return self.lang.kind == "static"

    def key(self):
        """Identity as a Werkzeug transition."""
        return ("s", self.lang.text) if self.static else ("d", self.regex, self.final)


@dataclass
class ParsedRule:
    rule: str
    segments: List[Segment]
    variables: List[str]
    converters: Dict[str, str] = field(default_factory=dict)  # variable -> converter name

    @property
    def final(self) -> bool:
        return bool(self.segments) and self.segments[-1].final


_MAP_FOR_CONVERTERS = None


def _converter(name: str, argstr: Optional[str]):
    global _MAP_FOR_CONVERTERS
    wz = _wz()
    if wz is None:
        return None
    Map, _, parse_converter_args = wz
    if _MAP_FOR_CONVERTERS is None:
        _MAP_FOR_CONVERTERS = Map()
    cls = _MAP_FOR_CONVERTERS.converters.get(name)
    if cls is None:
        return None
    try:
        args, kwargs = parse_converter_args(argstr or "")
        return cls(_MAP_FOR_CONVERTERS, *args, **kwargs)
    except Exception:
        return None


def variables(rule: str) -> Optional[List[str]]:
    """The URL variables of a rule, or None if it does not parse."""
    out = []
    pos = 0
    while pos < len(rule):
        m = _PART_RE.match(rule, pos)
        if m is None:
            return None
        if m.group("variable"):
            out.append(m.group("variable"))
        pos = m.end()
    return out


def parse_rule(rule: Optional[str]) -> Optional[ParsedRule]:
    """Segments of a rule as Werkzeug builds them; None for a rule that
    Werkzeug would reject or that uses converters flasklint cannot know
    (registered with ``app.url_map.converters``)."""
    if not rule or not rule.startswith("/") or _wz() is None:
        return None
    segments: List[Segment] = []
    pieces: list = []
    names: List[str] = []
    convs: Dict[str, str] = {}
    final = False
    pos = 0
    body = rule[1:]
    while pos < len(body):
        m = _PART_RE.match(body, pos)
        if m is None:
            return None
        pos = m.end()
        if m.group("slash"):
            if final:
                pieces.append(("static", "/"))
            else:
                segments.append(_segment(pieces, False))
                pieces = []
            continue
        if m.group("static") is not None:
            pieces.append(("static", m.group("static")))
            continue
        name = m.group("variable")
        cname = m.group("converter") or "default"
        conv = _converter(cname, m.group("arguments"))
        if conv is None:
            return None
        if name in convs:
            return None  # Werkzeug raises on a repeated variable
        names.append(name)
        convs[name] = cname
        pieces.append(("var", name, conv))
        if not getattr(conv, "part_isolating", True):
            final = True
    segments.append(_segment(pieces, final))
    return ParsedRule(rule, segments, names, convs)


def _segment(pieces, final) -> Segment:
    regex = "".join(re.escape(p[1]) if p[0] == "static" else f"(?:{p[2].regex})" for p in pieces)
    if all(p[0] == "static" for p in pieces):
        return Segment(tuple(pieces), regex, False, Lang("static", text="".join(p[1] for p in pieces)))
    if len(pieces) == 1:
        return Segment(tuple(pieces), regex, final, _lang(pieces[0][2]))
    return Segment(tuple(pieces), regex, final, Lang("opaque", text=regex))


def _lang(conv) -> Lang:
    cname = type(conv).__name__
    if cname == "UnicodeConverter":
        m = _STRING_LEN.match(conv.regex)
        if m:
            if m.group(3) is not None:
                n = int(m.group(3))
                return Lang("string", lo=n, hi=n)
            return Lang("string", lo=int(m.group(1)), hi=int(m.group(2)) if m.group(2) else None)
    elif cname == "IntegerConverter":
        return Lang("int", signed=getattr(conv, "signed", False))
    elif cname == "FloatConverter":
        return Lang("float", signed=getattr(conv, "signed", False))
    elif cname == "UUIDConverter":
        return Lang("uuid")
    elif cname == "PathConverter":
        return Lang("path")
    elif cname == "AnyConverter":
        items = getattr(conv, "items", None)
        if items is None:
            items = tuple(_unescape_any(conv.regex))
        return Lang("any", items=tuple(items))
    return Lang("opaque", text=conv.regex)


def _unescape_any(regex: str) -> List[str]:
    inner = regex[3:-1] if regex.startswith("(?:") and regex.endswith(")") else regex
    return [re.sub(r"\\(.)", r"\1", x) for x in re.split(r"(?<!\\)\|", inner)]


# ----------------------------------------------------------------------------
# languages


def _full(regex: str, s: str) -> bool:
    try:
        return re.fullmatch(regex, s, re.DOTALL) is not None
    except re.error:
        return False


def seg_subset(a: Segment, b: Segment) -> bool:
    """Every string segment ``a`` accepts is accepted by ``b`` (both
    non-final)."""
    if a.key() == b.key():
        return True
    la, lb = a.lang, b.lang
    if lb.kind == "opaque" and la.kind not in ("static", "any"):
        return False
    if la.kind == "static":
        return _full(b.regex, la.text)
    if la.kind == "any":
        return all(_full(b.regex, x) for x in la.items)
    if la.kind == "opaque":
        return False
    if lb.kind == "string":
        if lb.hi is not None:
            if la.kind == "string":
                return la.hi is not None and lb.lo <= la.lo and la.hi <= lb.hi
            if la.kind == "uuid":
                return lb.lo <= 36 <= lb.hi
            return False
        min_len = {"string": la.lo, "int": 1, "float": 3, "uuid": 36}.get(la.kind)
        return min_len is not None and lb.lo <= min_len
    if lb.kind in ("int", "float"):
        return la.kind == lb.kind and (lb.signed or not la.signed)
    if lb.kind == "uuid":
        return la.kind == "uuid"
    return False


def rule_subset(small: ParsedRule, big: ParsedRule) -> bool:
    """Every URL path ``small`` accepts is accepted by ``big`` (regex
    languages: converter validation does not change who wins)."""
    s, b = small.segments, big.segments
    if big.final:
        p = len(b) - 1
        tail = b[p]
        if len(s) < len(b) or not all(seg_subset(s[i], b[i]) for i in range(p)):
            return False
        if len(s) == len(b) and s[p].key() == tail.key():
            return True
        if tail.lang.kind != "path":
            return False
        # the rest of the URL must be non-empty: every segment is, except
        # the empty one of a trailing slash ("/files/")
        first = s[p]
        return not (first.static and first.lang.text == "")
    if small.final or len(s) != len(b):
        return False
    return all(seg_subset(x, y) for x, y in zip(s, b))


def first_difference(a: ParsedRule, b: ParsedRule) -> Optional[int]:
    for i, (x, y) in enumerate(zip(a.segments, b.segments)):
        if x.key() != y.key():
            return i
    if len(a.segments) != len(b.segments):
        return min(len(a.segments), len(b.segments))
    return None


def maybe_overlap(a: ParsedRule, b: ParsedRule) -> bool:
    """Cheap necessary condition for a common URL."""
    sa, sb = a.segments, b.segments
    if not a.final and not b.final and len(sa) != len(sb):
        return False
    n = min(len(sa), len(sb))
    for i in range(n):
        x, y = sa[i], sb[i]
        if x.final or y.final:
            return True
        if x.static and y.static and x.lang.text != y.lang.text:
            return False
        if x.static and not y.static and not _full(y.regex, x.lang.text):
            return False
        if y.static and not x.static and not _full(x.regex, y.lang.text):
            return False
    return True


# ----------------------------------------------------------------------------
# witnesses


def _samples(seg: Segment) -> List[str]:
    lang = seg.lang
    if lang.kind == "static":
        return [lang.text]
    if lang.kind == "any":
        return list(lang.items)
    if lang.kind == "path":
        return ["x", "x/y"]
    out = []
    if lang.kind == "string" and lang.lo > 1:
        out += ["x" * lang.lo, "1" * lang.lo]
    out += list(_GENERIC_SAMPLES)
    if lang.kind == "opaque":
        # static pieces kept, each converter replaced by its samples
        variants = [""]
        for p in seg.pieces:
            if p[0] == "static":
                variants = [v + p[1] for v in variants]
            else:
                variants = [v + s for v in variants[:3] for s in ("x", "1", "1.5", UUID_SAMPLE)]
        out = variants + out
    return [x for x in out if _full(seg.regex, x)]


def witnesses(a: ParsedRule, b: ParsedRule, limit: int = 48) -> List[str]:
    """Candidate URL paths likely to be accepted by both rules: each rule's
    own samples, enriched at every segment with strings the other rule
    puts there, plus the trailing slash toggled."""
    out: List[str] = []
    for r, o in ((a, b), (b, a)):
        cands: List[List[str]] = []
        for i, seg in enumerate(r.segments):
            mine = _samples(seg)
            if seg.final and seg.lang.kind == "path" and i < len(o.segments):
                rest = [o.segments[j] for j in range(i, len(o.segments))]
                joined = [""]
                for rs in rest:
                    joined = [(j + "/" if j or rs is not rest[0] else j) + s for j in joined[:4] for s in _samples(rs)[:3]]
                mine = [x for x in joined if x and _full(seg.regex, x)] + mine
            elif i < len(o.segments):
                theirs = [x for x in _samples(o.segments[i]) if _full(seg.regex, x)][:3]
                mine = theirs + [x for x in mine if x not in theirs][:3]
            cands.append(mine[:6] or [""])
        urls = [""]
        for c in cands:
            urls = [u + "/" + x for u in urls for x in c][:limit]
        out += urls
    extra = []
    for u in out:
        extra.append(u[:-1] if u.endswith("/") and len(u) > 1 else u + "/")
    seen = []
    for u in out + extra:
        if u and u not in seen:
            seen.append(u)
    return seen


# ----------------------------------------------------------------------------
# the oracle


@dataclass
class OracleRule:
    """A rule as Flask hands it to Werkzeug."""

    rule: str
    methods: Tuple[str, ...]  # upper case, without HEAD/OPTIONS
    endpoint: str  # a unique id for the oracle
    strict_slashes: Optional[bool] = None


class Oracle:
    """Werkzeug's own matcher on small maps of the project's rules."""

    def __init__(self):
        self._cache: Dict[tuple, object] = {}

    def _adapter(self, rules: Sequence[OracleRule]):
        key = tuple((r.rule, r.methods, r.endpoint, r.strict_slashes) for r in rules)
        ad = self._cache.get(key)
        if ad is None:
            Map, Rule = _wz()[:2]
            wz = []
            for r in rules:
                methods = set(r.methods) | {"OPTIONS"}
                kw = {}
                if r.strict_slashes is not None:
                    kw["strict_slashes"] = r.strict_slashes
                wz.append(Rule(r.rule, endpoint=r.endpoint, methods=methods, **kw))
            m = Map(wz)
            ad = m.bind("localhost")
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = ad
        return ad

    def winner(self, rules: Sequence[OracleRule], path: str, method: str) -> Optional[str]:
        """The endpoint id that serves ``method path``; None for 404, 405
        or a redirect."""
        try:
            endpoint, _ = self._adapter(rules).match(path, method=method)
            return endpoint
        except Exception:  # NotFound, MethodNotAllowed, RequestRedirect...
            return None

    def accepts(self, rule: OracleRule, path: str, method: str) -> bool:
        return self.winner([rule], path, method) == rule.endpoint


def compiled_parts(rule: str) -> Optional[tuple]:
    """Werkzeug's parts of a rule (content, final, static, suffixed): equal
    parts are the same rule (Werkzeug 3.2's DuplicateRuleError criterion)."""
    wz = _wz()
    if wz is None:
        return None
    Map, Rule = wz[:2]
    try:
        r = Rule(rule, endpoint="x")
        Map([r])
        parts = getattr(r, "_parts", None)
        if parts is None:
            return None
        return tuple((p.content, p.final, p.static, p.suffixed) for p in parts)
    except Exception:
        return None


def methods_overlap(a: Iterable[str], b: Iterable[str]) -> List[str]:
    sa = set(a) - AUTO_METHODS
    return sorted(x for x in sa & set(b))
