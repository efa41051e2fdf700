"""The name of the framework the bot uses unless told otherwise (cheap to import: the CLI
reads it for its help text without loading any framework)."""

DEFAULT_FRAMEWORK_ID = "east-midlands-2017"
