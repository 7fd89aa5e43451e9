"""FL201 duplicate rules, FL203 shadowed and FL204 ambiguous rules,
judged on the app's URL map by Werkzeug's router."""

from __future__ import annotations

from typing import Dict, List, Optional

from astroid import nodes

from flasklint import routing as R
from flasklint.checks.registry import checker
from flasklint.checks.routes.common import all_apps, exclusive_entries, report_node, view_label, where_declared
from flasklint.model.urlrules import Entry, rule_entries
from flasklint.source.walk import FUNC_TYPES

# ----------------------------------------------------------------------------
# FL201 duplicate-route


@checker("FL201")
def duplicate_route(ctx):
    seen = set()
    for app in all_apps(ctx):
        groups: Dict[tuple, List[Entry]] = {}
        for e in rule_entries(ctx.model, app):
            if not e.comparable or not e.parts:
                continue
            groups.setdefault((e.domain, e.host, e.parts), []).append(e)
        again: Dict[int, list] = {}  # a blueprint registered again: node -> [(loser, winner)]
        for group in groups.values():
            for i, loser in enumerate(group):
                if _url_alias(loser.route) or loser.route.kind == "extension":
                    continue  # (an extension's rule losing to the project's: the project chose so)
                winners = [w for w in group[:i] if R.methods_overlap(loser.methods, w.methods) and not exclusive_entries(loser, w)]
                if not winners:
                    continue
                same = [w for w in winners if w.route is loser.route]
                if same:
                    node = report_node(loser, same[0])
                    again.setdefault(id(node), [node, []])[1].append((loser, same[0]))
                    continue
                lost = sorted(set().union(*(set(R.methods_overlap(loser.methods, w.methods)) for w in winners)))
                # a winner running other code, else an alias of the loser
                w = next((w for w in winners if not _runs_the_same(loser.route, w.route)), winners[0])
                node = loser.route.node
                key = (id(node), id(w.route.node))
                if key in seen:
                    continue
                seen.add(key)
                yield _duplicate_finding(ctx, loser, w, lost, node)
        for node, pairs in again.values():
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield _registered_again_finding(ctx, node, pairs)


def _url_alias(route) -> bool:
    """``app.add_url_rule("/", endpoint="index")`` with no view: a rule for
    url_for() to build (the Flask tutorial names its blog's index so).  It
    runs nothing, so nothing of it "never runs" when another rule takes its
    URLs first.  (A view given to its endpoint some other way,
    ``app.view_functions[...]`` or ``@app.endpoint``, is not modelled: then
    such a finding is missed, never a false one.)"""
    if route.kind != "add_url_rule" or route.view is not None:
        return False
    call = route.node
    if not isinstance(call, nodes.Call) or len(call.args) >= 3:
        return False
    return not any(kw.arg in ("view_func", None) for kw in call.keywords or ())


def _runs_the_same(a, b) -> bool:
    """Whichever of two rules wins, the request runs the same code: the same
    view function or view class with the same ``defaults``, or two functions
    with the same signature and body (an alias endpoint kept for ``url_for``)."""
    va, vb = a.view, b.view
    if va is None or vb is None or a.defaults() != b.defaults():
        return False
    if va is vb:
        return isinstance(va, (nodes.ClassDef,) + FUNC_TYPES)
    if not isinstance(va, FUNC_TYPES) or not isinstance(vb, FUNC_TYPES):
        return False
    return va.args.as_string() == vb.args.as_string() and [s.as_string() for s in va.body] == [s.as_string() for s in vb.body]


def _duplicate_finding(ctx, loser, w, lost, node):
    rest = sorted(set(loser.methods) - set(lost) - R.AUTO_METHODS)
    ms = ", ".join(lost)
    if not w.is_static and _runs_the_same(loser.route, w.route):
        return _alias_finding(ctx, loser, w, ms, node)
    if w.is_static:
        served = "is already served by Flask's static files route (static_folder), registered when the app is created"
    elif w.route.kind == "extension":
        served = f"is already served by {view_label(w.route)}, which {w.route.installed_by} registered first at {where_declared(ctx, w.route)}"
    else:
        served = f"is already served by {view_label(w.route)} at {where_declared(ctx, w.route)}, registered first"
    severity = None
    if rest:
        tail = f"{view_label(loser.route)} only runs for {', '.join(rest)}"
        if not w.is_static and set(w.methods) - R.AUTO_METHODS < set(loser.methods) - R.AUTO_METHODS:
            # a specific rule first, a broader one for the other methods
            # after it: the usual order of a deliberate fallback
            severity = "LOW"
            tail += " (a broader rule after a specific one: most often a deliberate fallback)"
    else:
        tail = f"{view_label(loser.route)} never runs"
    msg = f"{ms} {loser.fr.rule} {served}; {tail}"
    if w.is_static:
        related = [(w.route.location, "the app (and its static route) is created here")]
    else:
        related = [(w.route.location, f"{ms} {w.fr.rule} registered first here")]
    return ctx.finding("FL201", node, msg, related, severity=severity)


def _alias_finding(ctx, loser, w, ms, node):
    """A rule that loses to one running the same code: requests get the same
    answer; only the endpoint url_for() builds differs.  Reported LOW."""
    same = loser.route.view is w.route.view
    endpoint = loser.fr.endpoint
    if same:
        what = f"the same view, {view_label(w.route)}, runs either way"
    else:
        what = f"{view_label(loser.route)} never runs, but its body is {view_label(w.route)}'s: requests get the same answer"
    tail = f"; this rule only names the URL for url_for({endpoint!r})" if endpoint else ""
    msg = f"{ms} {loser.fr.rule} is already served by {view_label(w.route)} at {where_declared(ctx, w.route)}, registered first: {what}{tail}"
    return ctx.finding("FL201", node, msg, [(w.route.location, f"{ms} {w.fr.rule} registered first here")], severity="LOW")


def _registered_again_finding(ctx, node, pairs):
    loser, winner = pairs[0]
    first_reg = next((r for r in winner.fr.chain if r.blueprint is loser.fr.chain[-1].blueprint), None) if winner.fr.chain else None
    rules = []
    for lose, _ in pairs:
        ms = ", ".join(sorted(set(lose.methods) - R.AUTO_METHODS))
        rules.append(f"{ms} {lose.fr.rule}")
    shown = "; ".join(rules[:3]) + ("; ..." if len(rules) > 3 else "")
    n = len(pairs)
    bp = loser.fr.chain[-1].blueprint.label if loser.fr.chain else "the blueprint"
    msg = (
        f"{bp} is registered again with the same URL prefix: {'its rule is' if n == 1 else f'its {n} rules are'} already served "
        f"by the first registration, so {'it never runs' if n == 1 else 'none of them ever runs'} ({shown})"
    )
    related = [(first_reg.node if first_reg is not None else winner.route.node, "first registered here")]
    return ctx.finding("FL201", node, msg, related)


# ----------------------------------------------------------------------------
# FL203 shadowed-route / FL204 ambiguous-route


_CONVERTER_NAME = {"int": "int", "float": "float", "string": "string", "uuid": "uuid", "any": "any", "path": "path"}


def _reason(winner: Entry, loser: Entry, k: int) -> str:
    sw = winner.parsed.segments[k] if k < len(winner.parsed.segments) else None
    sl = loser.parsed.segments[k] if k < len(loser.parsed.segments) else None
    if sw is not None and sw.static:
        return "its static segment is tried before a converter"
    if sw is None or sl is None:
        return "it is tried first"
    lw, ll = sw.lang.kind, sl.lang.kind
    weights = _WEIGHTS
    if lw in weights and ll in weights and sw.lang.kind != "opaque" and sl.lang.kind != "opaque":
        if weights[lw] < weights[ll]:
            return f"the {lw} converter (weight {weights[lw]}) is tried before {ll} ({weights[ll]})"
        if weights[lw] == weights[ll]:
            return f"{lw} and {ll} weigh the same, so the rule registered first wins"
    return "Werkzeug's converter weights rank it first"


class _AppMaps:
    """Oracle maps of one app: pairs and the full map (per domain)."""

    def __init__(self, entries: List[Entry]):
        self.oracle = R.Oracle()
        self.entries = entries
        self._full: Dict[object, list] = {}

    def full(self, domain):
        rules = self._full.get(domain)
        if rules is None:
            rules = [e.oracle_rule() for e in self.entries if e.comparable and e.domain == domain and not e.special]
            self._full[domain] = rules
        return rules


@checker("FL203", "FL204")
def shadowed_or_ambiguous(ctx):
    seen = set()
    for app in all_apps(ctx):
        entries = [e for e in rule_entries(ctx.model, app) if e.comparable and not e.special]
        if len(entries) < 2:
            continue
        maps = _AppMaps(entries)
        lost: Dict[tuple, list] = {}  # the FL204 losers: (where, rule) -> [(loser, winner, url, k, method)]
        for a, b in _candidate_pairs(entries):
            if a.domain != b.domain or a.parts == b.parts:
                continue
            if a.route.view is not None and a.route.view is b.route.view and a.route.defaults() == b.route.defaults():
                continue  # (whichever wins, the same view runs)
            common = R.methods_overlap(a.methods, b.methods)
            if not common:
                continue
            if not R.maybe_overlap(a.parsed, b.parsed):
                continue
            k = R.first_difference(a.parsed, b.parsed)
            if k is None:
                continue
            f = _judge(ctx, maps, a, b, k, common)
            if isinstance(f, tuple):  # FL204: one finding per rule that loses, whoever wins
                lost.setdefault((id(report_node(f[0], f[1])), f[0].id), []).append(f)
            elif f is not None:
                key = (f.rule, f.location, f.message)
                if key not in seen:
                    seen.add(key)
                    yield f
        for group in lost.values():
            f = _ambiguous_finding(ctx, group)
            key = (f.rule, f.location, f.message)
            if key not in seen:
                seen.add(key)
                yield f


def _candidate_pairs(entries):
    """Pairs (earlier, later) that may overlap, bucketed by first segment."""
    by_first: Dict[str, List[Entry]] = {}
    dynamic: List[Entry] = []
    for e in entries:
        s0 = e.parsed.segments[0]
        if s0.static:
            by_first.setdefault(s0.lang.text, []).append(e)
        else:
            dynamic.append(e)
    for group in by_first.values():
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                yield group[i], group[j]
    for i in range(len(dynamic)):
        for j in range(i + 1, len(dynamic)):
            yield dynamic[i], dynamic[j]
    for d in dynamic:
        for group in by_first.values():
            for e in group:
                yield (d, e) if d.index < e.index else (e, d)


def _judge(ctx, maps, a: Entry, b: Entry, k: int, common: List[str]):
    if exclusive_entries(a, b):
        return None
    sa = a.parsed.segments[k] if k < len(a.parsed.segments) else None
    sb = b.parsed.segments[k] if k < len(b.parsed.segments) else None
    static_first = (sa is not None and sa.static) or (sb is not None and sb.static)
    oracle = maps.oracle
    pair = [a.oracle_rule(), b.oracle_rule()]
    method = common[0]
    # a URL both rules accept, and who wins it between the two
    witness = None
    winner_id = None
    for url in R.witnesses(a.parsed, b.parsed):
        if oracle.accepts(pair[0], url, method) and oracle.accepts(pair[1], url, method):
            w = oracle.winner(pair, url, method)
            if w is not None:
                witness, winner_id = url, w
                break
    if witness is None:
        return None
    winner, loser = (a, b) if winner_id == a.id else (b, a)
    if _url_alias(loser.route) or loser.route.kind == "extension":
        return None  # (an extension's rule losing to the project's: the project chose so)
    if R.rule_subset(loser.parsed, winner.parsed):
        # proved; confirm on the loser's own samples with Werkzeug
        samples = [u for u in R.witnesses(loser.parsed, loser.parsed) if oracle.accepts(loser.oracle_rule(), u, method)]
        if samples and all(oracle.winner(pair, u, m) == winner.id for u in samples for m in common):
            if winner.is_static or loser.is_static:
                return None
            return _shadow_finding(ctx, loser, winner, k, common)
        return None
    if static_first or winner.is_static or loser.is_static:
        return None  # the documented static-first idiom
    wseg = winner.parsed.segments[k] if k < len(winner.parsed.segments) else None
    lseg = loser.parsed.segments[k] if k < len(loser.parsed.segments) else None
    if wseg is not None and wseg.lang.kind == "any":
        return None  # any(...) first, then the general rule: the same idiom
    if _weights_decide(wseg, lseg) == "numeric":
        return None  # (digits go to the int rule in either order: nothing depends on registration)
    if wseg is not None and lseg is not None and _static_chars(wseg) > _static_chars(lseg):
        return None  # static text decides (/f/<name>.json before /f/<name>): the same idiom
    # a third rule may take the witness: find one the pair really competes for
    full = maps.full(a.domain)
    for url in [witness] + R.witnesses(a.parsed, b.parsed):
        if not (oracle.accepts(pair[0], url, method) and oracle.accepts(pair[1], url, method)):
            continue
        if oracle.winner(full, url, method) == oracle.winner(pair, url, method):
            w_id = oracle.winner(pair, url, method)
            winner, loser = (a, b) if w_id == a.id else (b, a)
            return (loser, winner, url, k, method)  # (FL204: gathered per loser)
    return None


# Werkzeug's converter weights: the lighter converter is tried first.
_WEIGHTS = {"int": 50, "float": 50, "string": 100, "any": 100, "uuid": 100, "path": 200}


def _weights_decide(wseg, lseg) -> Optional[str]:
    """How the converters at the deciding segment settle which rule runs,
    whatever the registration order: "numeric" (an int/float rule before a
    text one: /items/<int:id> next to /items/<slug>, the documented idiom),
    "catch-all" (a <path:...> rule behind more specific ones: usually a
    deliberate fallback), or None (the same weight: the order decides)."""
    if wseg is None or lseg is None or wseg.static or lseg.static:
        return None
    lw, ll = wseg.lang.kind, lseg.lang.kind
    if lw not in _WEIGHTS or ll not in _WEIGHTS or _WEIGHTS[lw] >= _WEIGHTS[ll]:
        return None
    if lw in ("int", "float") and ll in ("string", "any", "uuid"):
        return "numeric"
    if ll == "path":
        return "catch-all"
    return None


def _static_chars(seg) -> int:
    return sum(len(p[1]) for p in seg.pieces if p[0] == "static")


def _shadow_finding(ctx, loser, winner, k, common):
    ms = ", ".join(common)
    rest = sorted(set(loser.methods) - set(common) - R.AUTO_METHODS)
    tail = f"{view_label(loser.route)} never runs" + (f" for {ms} (it still answers {', '.join(rest)})" if rest else "")
    msg = (
        f"{ms} {loser.fr.rule} can never be reached: every URL it accepts is taken by {winner.fr.rule} "
        f"({view_label(winner.route)} at {where_declared(ctx, winner.route)}) because {_reason(winner, loser, k)}; {tail}"
    )
    return ctx.finding("FL203", report_node(loser, winner), msg, [(winner.route.location, f"{winner.fr.rule} takes its URLs")])


def _ambiguous_finding(ctx, group):
    """One FL204 for a rule that loses URLs to one rule or more (a
    catch-all behind several specific rules is one finding, with a note per
    rule that wins)."""
    group = sorted(group, key=lambda g: g[1].index)
    loser, winner, url, k, method = group[0]
    related = [(w.route.location, f"{w.fr.rule} wins {u}") for _, w, u, _, _ in group]
    if len(group) == 1:
        msg = (
            f"{loser.fr.rule} and {winner.fr.rule} both accept {method} {url}: {view_label(winner.route)} "
            f"at {where_declared(ctx, winner.route)} wins it because {_reason(winner, loser, k)}, "
            f"so {view_label(loser.route)} only gets the URLs the other rule rejects"
        )
    else:
        msg = (
            f"{loser.fr.rule} and {len(group)} other rules accept some of the same URLs: {winner.fr.rule} "
            f"({view_label(winner.route)} at {where_declared(ctx, winner.route)}) wins {method} {url} because "
            f"{_reason(winner, loser, k)}, and {len(group) - 1} more win others (see the notes), "
            f"so {view_label(loser.route)} only gets the URLs all of them reject"
        )
    confidence = None
    if all(_weights_decide(_segment(w, kk), _segment(loser, kk)) == "catch-all" for _, w, _, kk, _ in group):
        # (a <path:...> rule behind specific ones: most often a deliberate
        # fallback, which flasklint cannot tell from a mistake)
        msg += "; if it is meant as a fallback behind them, this is fine"
        confidence = "LOW"
    return ctx.finding("FL204", report_node(loser, winner), msg, related, confidence=confidence)


def _segment(entry, k):
    segs = entry.parsed.segments
    return segs[k] if k < len(segs) else None
