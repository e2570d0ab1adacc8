"""Opening the ticket in a graphical browser, only where one can actually appear.

`webbrowser` happily "opens" a URL with lynx inside our own terminal (wrecking the screen) or
with xdg-open on a headless SSH session (nothing happens, no error). Both are worse than
saying "no browser here", so those count as no browser at all and the agent copies the URL.
"""

from __future__ import annotations

import asyncio
import os
import webbrowser
from collections.abc import Mapping

TEXT_BROWSERS = frozenset({"lynx", "links", "links2", "elinks", "w3m", "www-browser", "browsh"})


def _over_ssh_without_display(env: Mapping[str, str]) -> bool:
    over_ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))
    has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    return over_ssh and not has_display


def _is_text_browser(browser: webbrowser.BaseBrowser) -> bool:
    name = os.path.basename(str(getattr(browser, "name", "") or "")).casefold()
    if isinstance(browser, webbrowser.GenericBrowser) and name in TEXT_BROWSERS:
        return True
    return name in TEXT_BROWSERS or type(browser).__name__ == "Elinks"


def graphical_browser(env: Mapping[str, str] | None = None) -> webbrowser.BaseBrowser | None:
    """The browser `webbrowser` would use, or None when none, a text one, or SSH sans display."""
    if _over_ssh_without_display(os.environ if env is None else env):
        return None
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    return None if _is_text_browser(browser) else browser


async def open_url(url: str) -> bool | None:
    """Open `url` in a new tab: None when there is no graphical browser, else whether it opened.

    Some browsers' open() waits for the process to start, so it runs off the event loop.
    """
    browser = graphical_browser()
    if browser is None:
        return None
    return await asyncio.to_thread(browser.open_new_tab, url)
