"""Said plainly: the API cannot do this; here is the ticket in the web UI instead.

Freshservice's API v2 lets an agent request, remind and cancel approvals but not approve or
reject one (nor merge, forward or add watchers). Rather than a key that pretends, this modal
names what cannot be done and offers the two ways on: `o` opens the URL we built from the
account's domain and the ticket id (never a link from the data), `y` copies that same URL with
Textual's clipboard call (no OSC 52 built from server text).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from fstui.text import literal, one_line

__all__ = ["WebOnlyScreen"]

Opener = Callable[[str], Awaitable[bool | None]]


class WebOnlyScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("o", "open", "Open in browser", id="webonly.open"),
        Binding("y", "copy", "Copy link", id="webonly.copy"),
        Binding("escape,q", "close", "Close", id="webonly.close"),
    ]
    DEFAULT_CSS = """
    WebOnlyScreen { align: center middle; }
    WebOnlyScreen > Vertical {
        width: 72; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    WebOnlyScreen #webonly-keys { margin-top: 1; color: $text-muted; }
    """

    def __init__(self, what: str, url: str, opener: Opener) -> None:
        super().__init__()
        self._what = what
        self._url = url
        self._opener = opener

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Not possible from fstui"
            body = Text()
            body.append_text(literal(one_line(self._what, 200), "bold"))
            body.append(
                " is not something Freshservice's API allows: it can only be done in the "
                "web UI.\n\n"
            )
            body.append_text(literal(one_line(self._url, 300), "underline"))
            yield Static(body, id="webonly-body")
            yield Static("o open in the browser · y copy the link · esc close", id="webonly-keys")

    @property
    def url(self) -> str:
        return self._url

    @work(exclusive=True, exit_on_error=False)
    async def action_open(self) -> None:
        opened = await self._opener(self._url)
        if opened:
            self.notify("Opened in the browser.", timeout=3)
            self.dismiss(None)
        else:
            where = "No browser here" if opened is None else "The browser did not open"
            self.notify(f"{where}; press y to copy the link.", timeout=5)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._url)
        self.notify(f"Copied {self._url}", timeout=3)
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
