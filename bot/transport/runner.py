"""Running the bot: Socket Mode (default) or HTTP (bot.transport.server).

Both start the outbox worker and the hourly reminder check in the serving process.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import TYPE_CHECKING

from bot.app import Bot, create_bot
from bot.malloc import few_arenas
from bot.settings import Settings
from rubric.loader import load_builtin
from storage.store import Store

if TYPE_CHECKING:
    from bot.repeating import Repeating

log = logging.getLogger("peer-review")

SECRETS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


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
    few_arenas()  # before any thread starts, here or in the processes forked from here
    for name in SECRETS:  # read once, into `settings`: nothing else here needs them (Bolt
        os.environ.pop(name, None)  # would read the token again and warn it goes unused)
    store = Store(settings.db_path)
    framework = load_builtin()
    log.info("database %s, framework %s %s", store.path, framework.id, framework.version)
    bot = create_bot(settings, store, framework, outbox_process=True, payloads_checked=True)
    if http:
        from bot.transport.http import SlackEvents
        from bot.transport.server import serve

        _start(bot, settings)  # first, while one thread runs: the outbox process is forked
        try:
            serve(SlackEvents(bot.answer, signing_secret), host, port, busy=bot.outbox.serving)
        finally:
            bot.stop()
    else:
        from bot.transport.socket import OneAtATime

        _start(bot, settings)
        OneAtATime(bot, app_token).start()


def _start(bot: Bot, settings: Settings) -> Repeating:
    """What runs beside the listeners: the outbox worker, the reminder check and the purge
    of what is past its retention."""
    from bot.reminders import schedule
    from bot.retention import retention_of, schedule_purge

    bot.start()
    rule = bot.services.reminders
    log.info("reminders after %s days without progress, %s", rule.days, rule.hours.describe())
    jobs = schedule(bot.services)
    schedule_purge(jobs, bot.services, retention_of(settings))
    gc.freeze()  # what start-up built lives as long as the process: never scan it again
    return jobs
