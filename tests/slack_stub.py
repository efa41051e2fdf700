"""The local Slack of the playground (:mod:`playground.slack`), served on loopback, as the
end-to-end tests' Web API stand-in.

It binds 127.0.0.1 on port 0, answers the methods the bot uses with the shapes of Slack's
documented examples, records every call, and takes injected faults (``fail``,
``http_error``, ``rate_limit``, ``delay``). ``peer-review demo`` runs the same code.
"""

from __future__ import annotations

from playground.server import running as running_stub
from playground.slack import Call
from playground.slack import LocalSlack as SlackStub

__all__ = ["Call", "SlackStub", "running_stub"]
