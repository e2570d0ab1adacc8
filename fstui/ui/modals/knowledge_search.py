"""Search the knowledge base as you type, preview an article, and pick it.

Opened from the composer (`ctrl+l`) it answers what to insert at the cursor: the article's text
(`enter`, its HTML rendered as readable text) or a link to it (`ctrl+l` again, the portal URL
built from the account's domain and the article id, never a link taken from the data). Opened
from the palette it answers which article to read (`enter`).

The search waits for a short pause in typing, and the store shares one call per term (cached
with the reference data), so typing "vpn" costs one search, not three.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from fstui.api import SolutionArticle
from fstui.store.itsm import ArticleHits
from fstui.text import (
    html_to_document,
    literal,
    one_line,
    safe_input_value,
    safe_textarea_value,
)
from fstui.ui.context import session_of
from fstui.ui.errors import WorkerErrors

__all__ = [
    "KnowledgePick",
    "KnowledgeSearch",
    "article_link",
    "article_text",
    "knowledge_search_for",
]

Mode = Literal["insert", "read"]
Search = Callable[[str], Awaitable[ArticleHits]]
Fetch = Callable[[int], Awaitable[SolutionArticle]]
TYPING_PAUSE = 0.25
"""Seconds of no typing before the search goes out."""


@dataclass(frozen=True)
class KnowledgePick:
    """What was chosen: the article, and the text to insert (insert mode) or "" (read)."""

    article_id: int
    title: str
    insert: str = ""


def article_text(article: SolutionArticle) -> str:
    """The article as plain readable text (its HTML rendered; the plain copy without one)."""
    if article.description:
        body = html_to_document(article.description).render(show_quotes=True)
    else:
        body = article.description_text or ""
    return body.strip()


def article_link(web_domain: str, article_id: int) -> str:
    """The article on the account's support portal."""
    return f"https://{web_domain}/support/solutions/articles/{int(article_id)}"


class KnowledgeSearch(WorkerErrors, ModalScreen[KnowledgePick | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="kb.cancel"),
        Binding("down", "move(1)", "Next article", id="kb.down", show=False),
        Binding("up", "move(-1)", "Previous article", id="kb.up", show=False),
        Binding("ctrl+l", "insert_link", "Insert link", id="kb.link", priority=True),
    ]
    DEFAULT_CSS = """
    KnowledgeSearch { align: center middle; }
    KnowledgeSearch > Vertical {
        width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    KnowledgeSearch #kb-input { height: 3; }
    KnowledgeSearch Horizontal { height: 1fr; }
    KnowledgeSearch #kb-results { width: 2fr; height: 1fr; }
    KnowledgeSearch #kb-preview-box { width: 3fr; height: 1fr; padding: 0 1; }
    KnowledgeSearch #kb-status { height: 1; color: $text-muted; }
    """

    def __init__(
        self, search: Search, fetch: Fetch, web_domain: str, *, mode: Mode, initial: str = ""
    ) -> None:
        super().__init__()
        self._search = search
        self._fetch = fetch
        self._domain = web_domain
        self.mode: Mode = mode
        self._initial = initial
        self.hits: list[SolutionArticle] = []
        self.preview: SolutionArticle | None = None
        self._timer: Timer | None = None
        self.searched = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Knowledge base"
            box.border_subtitle = (
                "type to search · enter insert text · ctrl+l insert link · esc cancel"
                if self.mode == "insert"
                else "type to search · enter read · esc close"
            )
            yield Input(
                value=safe_input_value(self._initial),
                placeholder="search solution articles…",
                id="kb-input",
            )
            with Horizontal():
                yield OptionList(id="kb-results")
                with VerticalScroll(id="kb-preview-box"):
                    yield Static("", id="kb-preview")
            yield Static("Type a few words of the problem.", id="kb-status")

    def on_mount(self) -> None:
        self.query_one("#kb-input", Input).focus()
        if self._initial.strip():
            self.run_search(self._initial)

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.query_one("#kb-status", Static).update(literal(message, "red"))

    @on(Input.Changed, "#kb-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(TYPING_PAUSE, lambda: self.run_search(value))

    @on(Input.Submitted, "#kb-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_pick()

    @work(exclusive=True, group="kb-search", exit_on_error=False)
    async def run_search(self, term: str) -> None:
        status = self.query_one("#kb-status", Static)
        if not term.strip():
            self._show_hits([], 0, "")
            status.update("Type a few words of the problem.")
            return
        status.update("Searching…")
        hits = await self._search(term)
        self._show_hits(hits.articles, hits.total, hits.term)

    def _show_hits(self, articles: list[SolutionArticle], total: int, term: str) -> None:
        self.searched = term
        self.hits = [a for a in articles if a.id is not None]
        options = self.query_one("#kb-results", OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(literal(one_line(a.title or "(untitled)", 120)), id=str(a.id))
                for a in self.hits
            ]
        )
        status = self.query_one("#kb-status", Static)
        if self.hits:
            options.highlighted = 0
            more = f" of {total}" if total > len(self.hits) else ""
            status.update(Text(f"{len(self.hits)}{more} articles"))
            self.load_preview(self.hits[0].id or 0)
        else:
            self.preview = None
            self.query_one("#kb-preview", Static).update("")
            if term:
                status.update(literal(f"No articles for “{one_line(term, 60)}”."))

    @on(OptionList.OptionHighlighted, "#kb-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and event.option.id.isdigit():
            self.load_preview(int(event.option.id))

    @on(OptionList.OptionSelected, "#kb-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    @work(exclusive=True, group="kb-preview", exit_on_error=False)
    async def load_preview(self, article_id: int) -> None:
        article = await self._fetch(article_id)
        self.preview = article
        text = Text()
        text.append_text(literal(one_line(article.title or "(untitled)", 200), "bold"))
        text.append("\n\n")
        body = article_text(article)
        text.append_text(literal(body) if body else Text("(empty article)", style="dim"))
        self.query_one("#kb-preview", Static).update(text)

    def action_move(self, step: int) -> None:
        options = self.query_one("#kb-results", OptionList)
        if not self.hits:
            return
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(len(self.hits) - 1, current + step))

    def _current(self) -> SolutionArticle | None:
        options = self.query_one("#kb-results", OptionList)
        index = options.highlighted
        if index is None or not 0 <= index < len(self.hits):
            return None
        return self.hits[index]

    @work(exclusive=True, group="kb-pick", exit_on_error=False)
    async def action_pick(self) -> None:
        article = self._current()
        if article is None or article.id is None:
            return
        if self.mode == "read":
            self.dismiss(KnowledgePick(article.id, article.title or ""))
            return
        full = self.preview if self.preview is not None and self.preview.id == article.id else None
        if full is None:
            full = await self._fetch(article.id)
        text = safe_textarea_value(article_text(full))
        self.dismiss(KnowledgePick(article.id, article.title or "", text))

    def action_insert_link(self) -> None:
        article = self._current()
        if article is None or article.id is None or self.mode != "insert":
            return
        title = one_line(article.title or "", 120)
        link = article_link(self._domain, article.id)
        words = f"{title}: {link}" if title else link
        self.dismiss(KnowledgePick(article.id, title, safe_textarea_value(words)))

    def action_cancel(self) -> None:
        self.dismiss(None)


def knowledge_search_for(app: App[Any], *, mode: Mode, initial: str = "") -> KnowledgeSearch | None:
    """The modal on the app's session (None before a session is open)."""
    session = session_of(app)
    if session is None:
        return None
    itsm = session.store.itsm

    async def search(term: str) -> ArticleHits:
        return (await itsm.search_articles(term)).value

    async def fetch(article_id: int) -> SolutionArticle:
        return (await itsm.article(article_id)).value

    return KnowledgeSearch(search, fetch, session.web_domain, mode=mode, initial=initial)
