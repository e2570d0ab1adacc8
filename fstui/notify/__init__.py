"""Delivering notifications outside fstui's window: bell, OSC 9 / OSC 777, desktop notifier.

No Textual here: the rules live in `fstui.store.notifications`, the list in the UI.
"""

from fstui.notify.capabilities import Capabilities, detect, tmux_allows_passthrough
from fstui.notify.center import NotificationCenter
from fstui.notify.deliver import Deliverer, desktop_argv
from fstui.notify.sequences import BELL, clean, osc9, osc777, tmux_wrap

__all__ = [
    "BELL",
    "Capabilities",
    "Deliverer",
    "NotificationCenter",
    "clean",
    "desktop_argv",
    "detect",
    "osc9",
    "osc777",
    "tmux_allows_passthrough",
    "tmux_wrap",
]
