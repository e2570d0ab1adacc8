"""The one exception the config layer raises; its message is shown to the user as is."""


class ConfigError(Exception):
    """A problem in the user's configuration, worded so they can fix it."""
