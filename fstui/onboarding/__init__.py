"""First run on a real account: the guided `fstui init` flow, free of Textual.

The flow asks through a `Prompter` (the terminal, a test script, or a Textual screen), checks
every answer against the account, and writes the profile only once everything checked out.
"""

from fstui.onboarding.account import AccountCheck, AccountError, AgentError, KeyRefused, Workspace
from fstui.onboarding.config_writer import ConfigWriteError, render_toml, update_profile
from fstui.onboarding.domain import Domain, DomainError, parse_domain
from fstui.onboarding.flow import WHERE_IS_THE_KEY, InitError, InitResult, run_init
from fstui.onboarding.keystore import (
    KeyringBackend,
    KeyStorageError,
    StoredKey,
    profile_key,
    read_key_file,
    store_key,
    system_keyring,
    write_key_file,
)
from fstui.onboarding.prompts import ConsolePrompter, Prompter

__all__ = [
    "WHERE_IS_THE_KEY",
    "AccountCheck",
    "AccountError",
    "AgentError",
    "ConfigWriteError",
    "ConsolePrompter",
    "Domain",
    "DomainError",
    "InitError",
    "InitResult",
    "KeyRefused",
    "KeyStorageError",
    "KeyringBackend",
    "Prompter",
    "StoredKey",
    "Workspace",
    "parse_domain",
    "profile_key",
    "read_key_file",
    "render_toml",
    "run_init",
    "store_key",
    "system_keyring",
    "update_profile",
    "write_key_file",
]
