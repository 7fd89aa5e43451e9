"""FL2xx: the URL map -- duplicate, shadowed and ambiguous rules, endpoint
collisions, view signatures, unreachable subdomain rules, blueprint names.

Every verdict is computed on the app's URL map as Flask builds it
(``model.url_map(app)``: blueprint prefixes and endpoint names composed, in
registration order, after Flask's own ``/static/<path:filename>``) and
checked against the installed Werkzeug router (:mod:`flasklint.routing`).
"""

from flasklint.checks.routes import conflicts, endpoints, rules, signatures, subdomains  # noqa: F401
