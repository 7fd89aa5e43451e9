"""flasklint: a static analysis and security linter for Flask applications.

flasklint reads a Flask project without importing or running it, builds a model
of its applications (apps, blueprints, routes, error handlers, configuration)
and reports what will hurt in production.
"""

__version__ = "0.1.0"
