"""How Slack's requests reach the app: Socket Mode, or HTTP (WSGI under gunicorn)."""
