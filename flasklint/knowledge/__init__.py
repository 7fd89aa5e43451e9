"""What flasklint knows of the APIs it models, as data: Flask's, Quart's and
Werkzeug's names and defaults (``flask_api``)."""
