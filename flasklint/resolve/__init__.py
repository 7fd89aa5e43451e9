"""Name and value resolution across the project's modules, without running
anything: ``core`` (the Resolver and its bounds), ``scopes`` (names and
imports), ``classes`` (attributes, inheritance, instances), ``calls``
(returns, parameters, call sites), ``known`` (external callables modelled
by qualified name), ``values`` (what an expression can be)."""
