"""The resolver's bounds: how deep, how wide and how long it looks before it
answers Unknown, and the record of where a file's analysis hit them."""

from __future__ import annotations

from typing import Dict

MAX_DEPTH = 60


MAX_CALL_SITES = 40


# A parameter's value comes from the function's call sites, ``self``'s from
# the instantiations of its class and subclasses: found by parsing every
# module that may call the function, or that names a class of the
# hierarchy.  A function whose name may be called in more modules than this
# (``get``, ``update``, ``query`` methods), or a class hierarchy whose
# classes are named in more modules in all (a project's model or exception
# base), is not followed: the parameter, or ``self``, is Unknown.  An
# annotation naming Flask/Blueprint still says what a parameter is, and
# subclasses of Flask and Blueprint are always followed.  The union of the
# arguments of fifty modules' calls is seldom one value, while such scans
# were a large share of a big project's model build.  It also keeps what one step of the build reads (the
# incremental cache's unit of replay) small.
MAX_SCAN_MODULES = 50


# Resolution steps (uncached evaluations of an expression) one file may use;
# past it, the file's remaining values are Unknown and FL003 says so.  A step
# budget rather than a time limit keeps the output identical from run to run
# on machines of any speed.  Real projects stay far below it.
MAX_STEPS_PER_FILE = 200_000


# Steps one *probe* may use: a question the model builder asks of every
# statement of a kind, most answers being "no" -- is the ``d`` of
# ``d[k] = v`` an app's config?  is the receiver of ``x.update(...)``?  A
# probe that has not found its answer in this many steps (chasing a
# parameter through hundreds of call sites) is given up as unknown: no
# fact is recorded, silently (these are the analysis' bounds, like
# MAX_DEPTH).  Probes that record a fact take a handful of steps; the
# bound leaves a wide margin (docs/design/incremental.md has the numbers).
MAX_BOUNDED_QUERY_STEPS = 250


class FileLimits:
    """Where the analysis of one file gave up and used Unknown instead.

    ``counts`` maps a kind to how often it happened: ``"recursion"`` (an
    expression or a chain of calls too deep for Python's stack -- in the
    resolver or in astroid), ``"budget"`` (the file's resolution budget,
    :data:`MAX_STEPS_PER_FILE`, ran out), ``"depth"`` (the resolver's own depth
    bounds: nested lookups or calls), ``"cycle"`` (a value defined in terms
    of itself; normal, not reported), ``"skipped"`` (nodes of the file the
    model builder did not visit at all once the budget was spent).
    ``first`` maps a kind to the first node where it happened.
    """

    __slots__ = ("module", "counts", "first")

    def __init__(self, module):
        self.module = module
        self.counts: Dict[str, int] = {}
        self.first: Dict[str, object] = {}
