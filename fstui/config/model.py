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
class NotificationPrefs:
    """What to be told about and how (``[profiles.NAME.notifications]``); all on by default."""

    assigned: bool = True  # a ticket newly assigned to me
    group: bool = True  # a ticket newly assigned to one of my groups, nobody on it yet
    reply: bool = True  # a requester answered on a ticket of mine
    due: bool = True  # a first response or resolution due within `due_minutes`
    approval: bool = True  # an approval waiting for me
    due_minutes: int = 15
    quiet_hours: str | None = None  # "22:00-07:00", local time: listed in fstui, not sounded
    bell: bool = True
    terminal: str = "auto"  # auto | osc9 | osc777 | off: the escape-sequence notification
    desktop: bool = True  # notify-send / osascript when there is a graphical session
    tmux_passthrough: bool | None = None  # None: ask tmux for allow-passthrough


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
    api_key_file: str | None = None  # a 0600 file holding the key (written by `fstui init`)
    notifications: NotificationPrefs = field(default_factory=NotificationPrefs)
    # Team mode, off unless set: one Redis shared by every console of the account. The URL
    # (redis:// or rediss://) may hold a password, so it stays out of repr.
    redis_url: str | None = field(default=None, repr=False)
    redis_password_cmd: str | None = field(default=None, repr=False)
    team_share: float = 0.6  # of the account's budget, for all fstui consoles together
    # Where saved attachments go; None: the user's download directory (platformdirs).
    download_dir: Path | None = None


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
