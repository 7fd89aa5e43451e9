FLASK_APP=run.py
# expect-next: FL103
FLASK_DEBUG=1
