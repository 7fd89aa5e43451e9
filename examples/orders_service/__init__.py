"""A small orders microservice with the mistakes flasklint exists to catch.

Every line that flasklint reports carries an ``# expect:`` marker; the test
suite lints this folder and compares.
"""

import os

from flask import Flask

from .config import config_by_name


def create_app(config_name=None):
    app = Flask(__name__, instance_relative_config=False)  # expect: FL301
    config_name = config_name or os.environ.get("ORDERS_CONFIG", "production")
    app.config.from_object(config_by_name[config_name])
    app.config.from_pyfile("settings.cfg", silent=True)

    from .api import api
    from .auth import auth

    app.register_blueprint(api, url_prefix="/api")
    app.register_blueprint(auth)

    @app.route("/health")
    def health():
        return {"status": "ok"}

    return app
