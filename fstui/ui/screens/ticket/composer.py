"""The inline reply/note editor under the thread.

It only edits; sending, drafts and $EDITOR are the screen's business. It says what it is
(reply to whom, public or private note) in its border so nobody sends a private remark to
a customer by accident, and it posts `Changed` so the screen can autosave a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, TextArea

from fstui.text import (
    format_size,
    literal,
    one_line,
    safe_input_value,
    safe_textarea_value,
)
from fstui.ui.modals.knowledge_search import knowledge_search_for

ComposeKind = Literal["reply", "note"]


@dataclass
class ComposerState:
    kind: ComposeKind
    text: str = ""
    cc: str = ""
    bcc: str = ""
    private: bool = True
    from_email: str = ""
    files: tuple[str, ...] = ()
    """Paths of the files to attach (read when the message is sent)."""

    def meta(self) -> dict[str, object]:
        files = list(self.files)
        if self.kind == "reply":
            return {"cc": self.cc, "bcc": self.bcc, "from": self.from_email, "files": files}
        return {"private": self.private, "files": files}


class Composer(Vertical):
    """TextArea plus cc/bcc (reply) or a private/public switch (note)."""

    BINDINGS = [
        Binding("ctrl+s", "send", "Send…", id="ticket.composer.send", priority=True),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="ticket.composer.editor", priority=True),
        Binding(
            "ctrl+t",
            "toggle_private",
            "Private/public",
            id="ticket.composer.private",
            priority=True,
        ),
        Binding("ctrl+k", "canned", "Canned", id="ticket.composer.canned", priority=True),
        Binding("ctrl+l", "knowledge", "Article", id="ticket.composer.knowledge", priority=True),
        Binding("ctrl+o", "attach", "Attach file", id="ticket.composer.attach", priority=True),
        Binding("escape", "close", "Close (keeps draft)", id="ticket.composer.close"),
    ]
    DEFAULT_CSS = """
    Composer {
        height: 55%; min-height: 7; border: round $accent; padding: 0 1;
        background: $surface;
    }
    Composer.-private { border: round $warning; }
    Composer .composer-row { height: 1; margin: 0 0 0 0; }
    Composer .composer-row Label { width: 5; color: $text-muted; }
    Composer .composer-row Input { height: 1; border: none; padding: 0; width: 1fr; }
    Composer TextArea, Composer TextArea:focus {
        height: 1fr; min-height: 2; border: none; padding: 0;
    }
    Composer .composer-hint { color: $text-muted; height: 1; }
    Composer .composer-files { height: 1; }
    """

    class Changed(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

        @property
        def state(self) -> ComposerState:
            return self.composer.state

    class SendRequested(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

    class EditorRequested(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

    class CannedRequested(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

    class AttachRequested(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

    class Closed(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

    def __init__(self, state: ComposerState, *, recipient: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = state
        self._recipient = recipient
        self._private = state.private
        self._files: tuple[str, ...] = state.files
        self._loading = True

    @property
    def kind(self) -> ComposeKind:
        return self._initial.kind

    def compose(self) -> ComposeResult:
        if self.kind == "reply":
            with Horizontal(classes="composer-row"):
                yield Label("cc")
                yield Input(
                    safe_input_value(self._initial.cc), placeholder="cc addresses", id="composer-cc"
                )
            with Horizontal(classes="composer-row"):
                yield Label("bcc")
                yield Input(
                    safe_input_value(self._initial.bcc),
                    placeholder="bcc addresses",
                    id="composer-bcc",
                )
            with Horizontal(classes="composer-row"):
                yield Label("from")
                yield Input(
                    safe_input_value(self._initial.from_email),
                    placeholder="the default support address",
                    id="composer-from",
                )
        yield TextArea(
            safe_textarea_value(self._initial.text),
            id="composer-body",
            soft_wrap=True,
            tab_behavior="focus",
        )
        yield Label(self._files_text(), classes="composer-files", id="composer-files")
        yield Label(self._hint(), classes="composer-hint")

    def on_mount(self) -> None:
        self.query_one("#composer-files", Label).display = bool(self._files)
        self._apply_title()
        self.query_one("#composer-body", TextArea).focus()
        self.call_after_refresh(self._loaded)

    def on_show(self) -> None:
        """While a composer is on screen the toasts go to the top (app.tcss): at the bottom
        they covered the composer's last lines and its border, where the words being typed are."""
        self.screen.add_class("-composing")

    def on_hide(self) -> None:
        self.screen.remove_class("-composing")

    def _loaded(self) -> None:
        if self._loading:
            body = self.query_one("#composer-body", TextArea)
            body.move_cursor(body.document.end)
        self._loading = False

    def _hint(self) -> Text:
        keys = "ctrl+s send · ctrl+o attach · ctrl+k canned · ctrl+e $EDITOR · esc close"
        if self.kind == "note":
            keys += " · ctrl+t private/public"
        return Text(keys)

    def _files_text(self) -> Text:
        """The attached files with their sizes (a file gone since is said so)."""
        text = Text(no_wrap=True, overflow="ellipsis")
        for path in self._files:
            file = Path(path)
            try:
                size = format_size(file.stat().st_size)
            except OSError:
                size = "gone"
            text.append("📎 ", style="dim")
            text.append_text(literal(one_line(file.name, 60)))
            text.append(f" {size}  ", style="dim")
        return text

    @property
    def files(self) -> tuple[str, ...]:
        return self._files

    def set_files(self, files: tuple[str, ...]) -> None:
        self._files = files
        label = self.query_one("#composer-files", Label)
        label.update(self._files_text())
        label.display = bool(files)
        self.post_message(self.Changed(self))

    def _apply_title(self) -> None:
        if self.kind == "reply":
            title = "Reply to " + one_line(self._recipient or "requester", 60)
        else:
            title = (
                "PRIVATE note (agents only)" if self._private else "PUBLIC note (requester sees)"
            )
        self.border_title = Text(title)
        self.set_class(self.kind == "note" and self._private, "-private")

    @property
    def state(self) -> ComposerState:
        text = self.query_one("#composer-body", TextArea).text
        if self.kind == "reply":
            return ComposerState(
                "reply",
                text,
                cc=self.query_one("#composer-cc", Input).value,
                bcc=self.query_one("#composer-bcc", Input).value,
                from_email=self.query_one("#composer-from", Input).value,
                files=self._files,
            )
        return ComposerState("note", text, private=self._private, files=self._files)

    def load_state(self, state: ComposerState, *, recipient: str = "") -> None:
        """Reuse this composer for another message (widgets are kept, never remounted)."""
        self._loading = True
        self._recipient = recipient
        self._private = state.private
        if self.kind == "reply":
            # a draft comes back from disk: untrusted like everything read from outside
            self.query_one("#composer-cc", Input).value = safe_input_value(state.cc)
            self.query_one("#composer-bcc", Input).value = safe_input_value(state.bcc)
            self.query_one("#composer-from", Input).value = safe_input_value(state.from_email)
        self._files = state.files
        files = self.query_one("#composer-files", Label)
        files.update(self._files_text())
        files.display = bool(state.files)
        body = self.query_one("#composer-body", TextArea)
        body.load_text(safe_textarea_value(state.text))
        body.move_cursor(body.document.end)
        self._apply_title()
        self.call_after_refresh(self._loaded)

    def set_text(self, text: str) -> None:
        self.query_one("#composer-body", TextArea).load_text(text)
        self.post_message(self.Changed(self))

    def insert_text(self, text: str) -> None:
        """Put `text` where the cursor is (replacing any selection), then keep typing there.

        Kept apart from the words around it (a canned response ran into the sentence before
        it): a space, or a newline when `text` is more than one line, where a word touches."""
        body = self.query_one("#composer-body", TextArea)
        start, end = sorted(body.selection)
        before = body.document.get_line(start[0])[: start[1]][-1:]  # "" at a line's start
        after = body.document.get_line(end[0])[end[1] :][:1]  # "" at a line's end
        gap = "\n" if "\n" in text.strip() else " "
        if before and not before.isspace():
            text = gap + text.lstrip()
        if after and not after.isspace():
            text = text.rstrip() + gap
        body.replace(text, start, end, maintain_selection_offset=False)
        body.focus()

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _edited(self, event: TextArea.Changed | Input.Changed) -> None:
        event.stop()
        if not self._loading:
            self.post_message(self.Changed(self))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "toggle_private" and self.kind != "note")

    def action_toggle_private(self) -> None:
        if self.kind != "note":
            return
        self._private = not self._private
        self._apply_title()
        self.post_message(self.Changed(self))

    def action_send(self) -> None:
        self.post_message(self.SendRequested(self))

    def action_attach(self) -> None:
        self.post_message(self.AttachRequested(self))

    def action_canned(self) -> None:
        self.post_message(self.CannedRequested(self))

    @work(group="composer-knowledge", exit_on_error=False)
    async def action_knowledge(self) -> None:
        """Search solution articles; the text or link picked goes in at the cursor."""
        search = knowledge_search_for(self.app, mode="insert")
        picked = await self.app.push_screen_wait(search) if search is not None else None
        if picked is not None and picked.insert:
            self.insert_text(picked.insert)

    def action_external_editor(self) -> None:
        self.post_message(self.EditorRequested(self))

    def action_close(self) -> None:
        self.post_message(self.Closed(self))
