"""User configuration: profiles in a TOML file, environment overrides, API key sources."""

from fstui.config.credentials import KeySource, resolve_api_key
from fstui.config.errors import ConfigError
from fstui.config.load import config_path, load_config, select_profile
from fstui.config.model import Config, NotificationPrefs, Profile, SavedQueue
from fstui.config.queues import SavedQueueProblem, saved_queue_problems

__all__ = [
    "Config",
    "ConfigError",
    "KeySource",
    "NotificationPrefs",
    "Profile",
    "SavedQueue",
    "SavedQueueProblem",
    "config_path",
    "load_config",
    "resolve_api_key",
    "saved_queue_problems",
    "select_profile",
]
