"""The project model: files and modules (:mod:`.project`), value resolution
(:mod:`.resolve`) and the Flask application model (:mod:`.flask`)."""

from flasklint.model.flask import FlaskModel
from flasklint.source.project import Project

__all__ = ["FlaskModel", "Project"]
