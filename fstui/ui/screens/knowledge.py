"""One solution article, read-only: its title, where it lives, and its text.

Reached from the palette ("Knowledge base: …" searches, enter reads). An agent reads the fix
before answering; editing articles stays in the web UI. The body is the article's HTML rendered
as readable text (`html_to_document`), and every value from the account goes through
`literal`/`one_line`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from fstui.api import SolutionArticle
from fstui.text import literal, one_line, relative_time
from fstui.ui.context import now_of
from fstui.ui.errors import WorkerErrors
from fstui.ui.modals.knowledge_search import article_link, article_text
from fstui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from fstui.session import Session

__all__ = ["ArticleScreen", "article_header"]

ARTICLE_STATUSES = {1: "Draft", 2: "Published"}
"""Reference line 21039: 1 draft, 2 published."""


def article_header(article: SolutionArticle, now: datetime) -> Text:
    out = Text()
    out.append_text(literal(one_line(article.title or "(untitled)", 300), "bold"))
    out.append("\n")
    out.append("Status ", style="dim")
    out.append(ARTICLE_STATUSES.get(article.status or 0, "—"))
    updated = article.updated_at
    out.append("  Updated ", style="dim")
    out.append(relative_time(updated, now) if isinstance(updated, datetime) else "—")
    if article.views is not None:
        out.append(f"  {article.views} views", style="dim")
    if article.thumbs_up or article.thumbs_down:
        out.append(f"  +{article.thumbs_up or 0}/-{article.thumbs_down or 0}", style="dim")
    tags = [one_line(t, 30) for t in (article.tags or []) if t]
    if tags:
        out.append("  Tags ", style="dim")
        out.append_text(literal(", ".join(tags), "magenta"))
    return out


class ArticleScreen(WorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="article.back"),
        Binding("y", "copy_link", "Copy link", id="article.copy_link"),
    ]
    DEFAULT_CSS = """
    ArticleScreen #article-header { height: auto; padding: 0 1; background: $boost; }
    ArticleScreen #article-scroll { height: 1fr; padding: 0 1; }
    ArticleScreen #article-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    AUTO_FOCUS = "#article-scroll"

    def __init__(self, session: Session, article_id: int) -> None:
        super().__init__()
        self.session = session
        self.article_id = article_id
        self.article: SolutionArticle | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text(f"Article {self.article_id}  loading…", style="bold"), id="article-header"
        )
        with VerticalScroll(id="article-scroll"):
            yield Static("", id="article-body")
        yield Static("Read-only. esc back · y copy link", id="article-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def show_worker_error(self, message: str, worker: Worker[Any]) -> None:
        self.query_one("#article-status", Static).update(literal(message, "bold red"))

    @work(exclusive=True, group="article", exit_on_error=False)
    async def load(self) -> None:
        article = (await self.session.store.itsm.article(self.article_id)).value
        self.article = article
        self.query_one("#article-header", Static).update(article_header(article, now_of(self.app)))
        body = article_text(article)
        self.query_one("#article-body", Static).update(
            literal(body) if body else Text("(empty article)", style="dim")
        )

    def action_copy_link(self) -> None:
        link = article_link(self.session.web_domain, self.article_id)
        self.app.copy_to_clipboard(link)
        self.notify(f"Copied {link}", timeout=3)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
