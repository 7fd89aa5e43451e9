from flask import Blueprint, jsonify, make_response, request, session

auth = Blueprint("auth", __name__, url_prefix="/auth")


@auth.post("/login")
def login():
    user = request.form["username"]
    session["user"] = user
    session["password"] = request.form["password"]  # expect: FL403
    resp = make_response(jsonify({"user": user}))
    resp.set_cookie("user_id", user)  # expect: FL404
    return resp


@auth.get("/me")
def me():
    user_id = request.cookies.get("user_id")  # expect: FL404
    if user_id:
        return jsonify({"user": user_id})
    return jsonify({"error": "anonymous"}), 401
