"""The playground: the real bot against a local Slack, shown as a workspace in the browser.

``peer-review demo`` runs it. Nothing here is imported by the bot (``bot``, ``core``,
``storage``, ``rubric``): the playground stands where Slack stands, outside the product's
three layers, and drives the bot only as Slack would, through signed requests and the Web API.
"""
