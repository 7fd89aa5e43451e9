"""JSON text that any terminal, file or parser takes: what every JSON
output of flasklint (reports, SARIF, baselines) is written with."""

from __future__ import annotations

import json
import re

# ``json.dumps`` escapes C0 controls; these it leaves raw with
# ensure_ascii=False: DEL and C1 controls, the line separators JavaScript
# rejects in strings, bidirectional overrides, and lone surrogates (file
# names with undecodable bytes) that could not be written as UTF-8 at all.
# They can only occur inside JSON strings, where \uXXXX is the same value.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def dumps(doc) -> str:
    """JSON text that is safe to print to a terminal and valid UTF-8."""
    return _UNSAFE.sub(lambda m: "\\u%04x" % ord(m.group()), json.dumps(doc, indent=2, ensure_ascii=False))
