"""Runs one change over many tickets with a progress bar and a per-ticket report.

A failure on one ticket is recorded and the run goes on: an agent assigning
forty tickets should not have to redo thirty-nine because one was deleted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from fstui.text import inert_line, one_line
from fstui.text.inert import TITLE_MAX
from fstui.ui.errors import describe_error


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    queued: list[int] = field(default_factory=list)


BulkStep = tuple[str, str] | None
"""What `apply` answers for one ticket: None when done, ("queued", why) when it waits in the
outbox (offline: it goes by itself), ("failed", why) when it did not happen."""


class BulkProgressScreen(ModalScreen[BulkResult]):
    """Applies `apply(ticket_id)` to each id in order; escape closes once finished."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="bulk.close")]
    DEFAULT_CSS = """
    BulkProgressScreen { align: center middle; }
    BulkProgressScreen > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    BulkProgressScreen ProgressBar { margin: 1 0; }
    """

    def __init__(
        self,
        title: str,
        ticket_ids: Sequence[int],
        apply: Callable[[int], Awaitable[BulkStep]],
    ) -> None:
        super().__init__()
        self._title = title
        self._ids = list(ticket_ids)
        self._apply = apply
        self.result = BulkResult()
        self._finished = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Text(inert_line(self._title, TITLE_MAX))
            yield ProgressBar(total=len(self._ids), show_eta=False, id="bulk-bar")
            yield Static(Text(f"0 of {len(self._ids)} done"), id="bulk-summary")
            yield Static("", id="bulk-failures")

    def on_mount(self) -> None:
        self._run()

    @work(exclusive=True, group="bulk")
    async def _run(self) -> None:
        bar = self.query_one(ProgressBar)
        for ticket_id in self._ids:
            try:
                step = await self._apply(ticket_id)
            except Exception as exc:  # recorded per ticket; the rest still run
                self.result.failed[ticket_id] = describe_error(exc)
            else:
                if step is None:
                    self.result.done.append(ticket_id)
                elif step[0] == "queued":
                    self.result.queued.append(ticket_id)
                else:
                    self.result.failed[ticket_id] = one_line(step[1])
            bar.advance(1)
            self._render_summary()
        self._finished = True
        self._render_summary()
        if len(self._ids) == 1 and self.result.done:
            # One ticket, and it went through: nothing to read, no key to press (#18 polish).
            self.dismiss(self.result)

    def _render_summary(self) -> None:
        done, failed = len(self.result.done), len(self.result.failed)
        summary = Text(f"{done} of {len(self._ids)} done")
        if self.result.queued:
            summary.append(f", {len(self.result.queued)} queued (offline: sent when back)")
        if failed:
            summary.append(f", {failed} failed", style="bold red")
        if self._finished:
            summary.append("  (enter/esc to close")
            summary.append("; failed ones stay marked" if failed else "")
            summary.append(")")
        self.query_one("#bulk-summary", Static).update(summary)
        if failed:
            lines = Text()
            for ticket_id, message in self.result.failed.items():
                lines.append(f"#{ticket_id}: ", style="bold")
                lines.append(one_line(message) + "\n")
            self.query_one("#bulk-failures", Static).update(lines)

    def action_close(self) -> None:
        if self._finished:
            self.dismiss(self.result)
