"""FL4xx: secret keys, sessions and cookies.

Flask's session is a cookie the client holds: signed with ``SECRET_KEY``
(itsdangerous), never encrypted.  Without a key every session write raises
``RuntimeError`` on the request path; with a key from the repository anyone
can forge a session (CVE-2023-27524); whatever is written into it
is readable by the client.
"""

from flasklint.checks.secrets import cookies, keys, rules, session  # noqa: F401
