"""Running the app: Socket Mode (default) or HTTP under gunicorn with threads."""

from __future__ import annotations

import logging

from bot.app import create_app
from bot.settings import Settings
from rubric.loader import load_builtin
from storage.store import Store

log = logging.getLogger("peer-review")


def run(settings: Settings, *, http: bool, host: str, port: int) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Check every needed secret before touching the network or the database.
    settings.require_bot_token()
    if http:
        signing_secret = settings.require_signing_secret()
    else:
        app_token = settings.require_app_token()
    store = Store(settings.db_path)
    framework = load_builtin()
    log.info("database %s, framework %s %s", store.path, framework.id, framework.version)
    if http:
        app = create_app(settings, store, framework, signing_secret=signing_secret)
        _serve_http(app, host, port, lambda: _reminders(app, store, framework, settings))
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        app = create_app(settings, store, framework)
        _reminders(app, store, framework, settings)
        SocketModeHandler(app, app_token).start()


def _reminders(app, store: Store, framework, settings: Settings):
    from bot.reminders import schedule

    log.info("reminders after %s days without progress", settings.reminder_days)
    return schedule(app.client, store, framework, settings.reminder_days)


def _serve_http(app, host: str, port: int, in_worker) -> None:  # pragma: no cover - blocks
    from gunicorn.app.base import BaseApplication
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    handler = SlackRequestHandler(app)  # serves /slack/events, Bolt's default path

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("workers", 1)  # one process: the app and its SQLite store
            self.cfg.set("threads", 8)  # many schools clicking at once
            self.cfg.set("timeout", 30)

        def load(self):
            in_worker()  # the scheduler's thread must live in the serving process
            return handler

    log.info("serving HTTP on %s:%s/slack/events", host, port)
    Server().run()
