"""Extensions bound to apps, and what the extension records say they add:
apps made by an extension's factory (its settings file, its blueprints),
error handlers an extension's blueprint class registers on itself.

What each extension changes lives in :mod:`flasklint.knowledge.extensions`;
this mixin only applies the records to the calls of a project.
"""

from __future__ import annotations

from typing import Optional

from astroid import nodes

from flasklint.knowledge import extensions as X
from flasklint.knowledge.flask_api import DEFAULT_EXCEPTION_CODES, EXTENSION_PACKAGES
from flasklint.knowledge.names import DEFAULT_EXCEPTIONS
from flasklint.model.facts import ErrorHandler, ExtensionInit, Registration, Route
from flasklint.model.syntax import call_name, kw_node
from flasklint.resolve.values import ExtName, ObjectRef, const_str


class ExtensionBuilding:
    """Records extension bindings and the facts extension records imply."""

    # -- bindings: Ext(app), Ext(app=app), ext.init_app(app) ----------------------------
    def _extension_ctor(self, call):
        q = None
        first = call.args[0] if call.args else None
        if first is None or not isinstance(first, (nodes.Name, nodes.Attribute)):
            first = kw_node(call, "app")
        if first is None or not isinstance(first, (nodes.Name, nodes.Attribute)):
            return
        q = self.qualname(call.func)
        if not q or q.split(".", 1)[0] not in EXTENSION_PACKAGES:
            return
        ext = self.project.knowledge.binder(q)
        if ext is not None and not ext.app_positional:
            first = kw_node(call, "app")  # (Limiter(key_func, app=app): the first argument is not the app)
            if first is None:
                return
        self._extension_init(q, call, "ctor", first)

    def _extension_init(self, qualname, call, how, app_node=None):
        if app_node is None:
            app_node = call.args[0] if call.args else kw_node(call, "app")
        if app_node is None:
            return
        key = ("ext", id(call), qualname)  # (one call may bind several: a loop over extensions)
        if not self._first_time(key):
            return
        record = self.project.knowledge.binder(qualname)
        for app in self.objects(app_node, "app"):
            ext = ExtensionInit(app, qualname, call, self.project.location(call), how, record)
            app.extensions.append(ext)
            self.extensions.append(ext)
            if record is not None and record.routes and how == "ctor":
                self._extension_routes(app, call, record)

    def _extension_routes(self, app, call, record):
        """The rules ``Ext(app, ...)`` adds to the app, at that point of
        its set-up (a rule registered earlier wins over them, a later one
        loses)."""
        for spec in record.routes:
            if any(kw_node(call, a) is not None for a in spec.unless_args):
                continue
            if any(kw.arg is None for kw in call.keywords or ()):
                continue  # (**options may move it)
            rule = spec.rule
            if spec.prefix_arg and kw_node(call, spec.prefix_arg) is not None:
                prefix = const_str(self.resolver.value(kw_node(call, spec.prefix_arg)))
                if prefix is None:
                    continue
                rule = prefix.rstrip("/") + rule
            route = Route(app, call, rule, spec.methods, spec.endpoint, kind="extension", view_key=("extension", record.name, spec.endpoint))
            route.view_name = spec.endpoint
            route.installed_by = record.name
            self._add_route(app, route)

    def _extension_method_call(self, qualname, attr, call):
        """A call on an extension object other than ``init_app``: nothing
        recorded yet (the hook for records of manager methods)."""
        return None

    # -- objects extensions provide -----------------------------------------------------
    def object_extension(self, obj) -> Optional[X.Extension]:
        """The extension whose class (or factory) made ``obj``: APIFlask
        for ``APIFlask(__name__)`` or a project subclass of it, flakon for
        ``create_app(...)`` / ``JsonBlueprint(...)``."""
        q = obj.qualname
        if q is None and obj.cls_node is not None:
            for c in self.resolver.mro(obj.cls_node):
                for b in self.resolver.bases(c):
                    if isinstance(b, ExtName):
                        q = b.qualname
                        break
                if q:
                    break
        if not q:
            return None
        known = self.project.knowledge
        if obj.kind == "app":
            made = known.app_factory(q)
            return made[0] if made else known.app_class(q)
        return known.blueprint_class(q) if obj.kind == "blueprint" else None

    def _registers_blueprints(self, obj, attr) -> bool:
        """``obj.<attr>(bp)`` registers a blueprint: a registration method
        of the extension whose class made ``obj`` (``app.register_api``)."""
        ext = self.object_extension(obj)
        return ext is not None and attr in ext.registration_methods

    def _extension_objects(self, call):
        """Pass 2 on a constructor call: apply what the record of the
        extension that made the object says (once per call)."""
        name = call_name(call)
        if name not in self.ctor_names:
            return
        for obj in self.objects(call):
            if obj.node is not call or obj.kind not in ("app", "blueprint"):
                continue
            ext = self.object_extension(obj)
            if ext is None or not self._first_time(("ext-object", id(call))):
                continue
            if obj.kind == "blueprint" and ext.blueprint_handlers is not None:
                self._blueprint_class_handlers(obj, ext)
            if obj.kind == "app" and obj.qualname:
                made = self.project.knowledge.app_factory(obj.qualname)
                if made is not None:
                    self._factory_effects(obj, call, made[1], ext.name)

    def _blueprint_class_handlers(self, bp, ext):
        spec = ext.blueprint_handlers
        codes = DEFAULT_EXCEPTION_CODES if spec.codes == "default" else frozenset(int(c) for c in spec.codes.split(","))
        h = ErrorHandler(bp, bp.node, ExtName(DEFAULT_EXCEPTIONS), codes, None, func=None, app_wide=False, via="errorhandler", installed_by=ext.name)
        bp.handlers.append(h)
        self.handlers.append(h)

    def _factory_effects(self, app, call, factory, ext_name):
        """``create_app(blueprints=[...], settings="settings.ini")``: the
        blueprints it registers and the INI section it loads."""
        from flasklint.model import config as C

        bps = kw_node(call, factory.blueprints_arg) if factory.blueprints_arg else None
        if bps is None and factory.blueprints_position is not None and len(call.args) > factory.blueprints_position:
            bps = call.args[factory.blueprints_position]
        if bps is not None:
            for value, _origin in self.resolver.elements(bps):
                if isinstance(value, ObjectRef) and value.obj.kind == "blueprint":
                    reg = Registration(app, value.obj, call, {})
                    reg.order = self.position(call, app)
                    app.registrations.append(reg)
                    self.registrations.append(reg)
        settings = kw_node(call, factory.settings_arg) if factory.settings_arg else None
        if settings is None and factory.settings_position is not None and len(call.args) > factory.settings_position:
            settings = call.args[factory.settings_position]
        path = const_str(self.resolver.value(settings)) if settings is not None else None
        if path and factory.settings_section:
            # (the file the code names; $FLASK_SETTINGS can name another at run time)
            name = factory.qualname.rsplit(".", 1)[-1]
            C.load_ini_file(self, app, call, path, factory.settings_section, f"{app.label} through {ext_name}'s {name}()")
        elif settings is not None:
            C.unreadable_load(self, app, f"{factory.qualname.rsplit('.', 1)[-1]}(settings=...)", call)
