"""External callables the resolver models by qualified name, without
importing them: encoders that keep a value's meaning, ``os.path``
functions."""

from __future__ import annotations

# Functions (and methods) that only re-encode their argument: the result is
# "the same" external value for flasklint (``os.urandom(24).hex()``,
# ``str(uuid.uuid4())``, ``base64.b64encode(os.urandom(32))``).
ENCODERS = frozenset(
    [
        "builtins.str",
        "builtins.bytes",
        "binascii.hexlify",
        "binascii.b2a_hex",
        "base64.b64encode",
        "base64.urlsafe_b64encode",
        "base64.b32encode",
        "base64.b16encode",
        "codecs.encode",
    ]
)


ENCODER_METHODS = frozenset(["hex", "decode", "encode"])


PATH_FUNCS = frozenset(
    ["os.path.join", "os.path.dirname", "os.path.basename", "os.path.abspath", "os.path.realpath", "os.path.normpath"]
)


# Calls that list a package's modules (werkzeug's find_modules) and that
# import a module by name: modelled from the project's files.
MODULE_LISTERS = frozenset({"werkzeug.utils.find_modules", "werkzeug.find_modules"})
MODULE_IMPORTERS = frozenset({"werkzeug.utils.import_string", "werkzeug.import_string", "importlib.import_module"})
