"""Handlers: parse a Slack payload, call the domain (rubric, storage, walk), respond.

Plain functions, importable and testable without an App; ``bot.listeners`` wires them to
Slack, one module per surface.
"""
