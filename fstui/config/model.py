"""Typed view of the config file.

Plain frozen dataclasses rather than pydantic: the file is small, and hand-written
checks give messages that name the TOML key a user has to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SavedQueue:
    """A queue the agent defined: a name and a Freshservice filter query."""

    name: str
    query: str


@dataclass(frozen=True)
class Profile:
    """One Freshservice account as this agent uses it."""

    name: str
    domain: str | None = None
    plan: str | None = None
    workspace_id: int | None = None
    email: str | None = None
    refresh_interval: float = 60.0
    saved_queues: tuple[SavedQueue, ...] = ()
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    api_key_cmd: str | None = None
    api_key: str | None = field(default=None, repr=False)
    bell_on_urgent: bool = False


@dataclass(frozen=True)
class Config:
    """The whole file: profiles and which one is the default."""

    path: Path | None
    profiles: dict[str, Profile]
    default_profile: str = "default"
    file_mode: int | None = None

    @property
    def exists(self) -> bool:
        return self.path is not None and self.file_mode is not None
