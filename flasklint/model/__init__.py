"""The project model: the facts about a project's Flask applications
(:mod:`.facts`), built by :class:`~flasklint.model.flask.FlaskModel` from the
sources (:mod:`flasklint.source`) with the resolver (:mod:`flasklint.resolve`)."""

from flasklint.model.flask import FlaskModel
from flasklint.source.project import Project

__all__ = ["FlaskModel", "Project"]
