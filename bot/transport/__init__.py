"""How Slack's requests reach the app: Socket Mode, or HTTP (bot.transport.server)."""
