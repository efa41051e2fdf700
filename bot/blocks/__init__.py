"""Block Kit, one module per Slack surface, built by pure functions that return plain dicts.

No Slack calls here. Every builder keeps to Slack's limits (:mod:`bot.limits`); the tests run
each one with the longest framework content and maximum-length answers.
"""
