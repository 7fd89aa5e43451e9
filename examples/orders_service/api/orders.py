from flask import abort, jsonify, request

from . import api

ORDERS = {}


@api.get("/orders")
def list_orders():
    page = request.args("page", type=int)  # expect: FL501
    return jsonify(list(ORDERS.values())[: page or 20])


@api.post("/orders")
def create_order():
    order = request.get_json()
    if not order:
        return jsonify({"error": "no order"}, 400)  # expect: FL502
    ORDERS[len(ORDERS) + 1] = order
    return jsonify(order), 201


@api.get("/orders")  # expect: FL201
def all_orders():
    return jsonify(ORDERS)


@api.get("/orders/<int:order_id>")  # expect: FL205
def get_order(id):
    if id not in ORDERS:
        abort(404)
    return jsonify(ORDERS[id])


@api.errorhandler(500)
def server_error(error):
    return jsonify({"Error": str(error)}, 500)  # expect: FL303  # ok: FL305
