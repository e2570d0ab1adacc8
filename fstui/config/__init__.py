"""User configuration: profiles in a TOML file, environment overrides, API key sources."""

from fstui.config.credentials import KeySource, resolve_api_key
from fstui.config.errors import ConfigError
from fstui.config.load import config_path, load_config, select_profile
from fstui.config.model import Config, Profile, SavedQueue

__all__ = [
    "Config",
    "ConfigError",
    "KeySource",
    "Profile",
    "SavedQueue",
    "config_path",
    "load_config",
    "resolve_api_key",
    "select_profile",
]
