from flask import Blueprint, jsonify

api = Blueprint("api", __name__)


@api.errorhandler(404)  # expect: FL302
def not_found(error):
    return jsonify({"error": "not found"}), 404


from . import orders  # noqa: E402,F401
