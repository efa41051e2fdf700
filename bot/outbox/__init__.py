"""Delivering the outbox: the Slack effects the core wrote with each change.

:mod:`bot.outbox.worker` is the bounded background worker (retries, backoff, recovery after
a restart); :mod:`bot.outbox.delivery` renders each effect from the current data and makes
the Slack call; :mod:`bot.outbox.failures` sorts Slack's refusals into "try again" and "tell
the person".
"""
