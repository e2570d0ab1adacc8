"""Attachments in the thread, files on a reply, Cc/Bcc/From, and the check before sending.

Against the in-process sandbox over real HTTP: an attachment is saved under a safe name into
the download directory (never overwriting), a hostile name cannot leave it, one over the 40 MB
cap keeps nothing; a text one reads in a pager. A reply carries a file, Cc and Bcc to the
server; a bad address is refused before sending; a reply into a thread that moved since it was
loaded first shows what arrived and asks.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from textual.widgets import Input

from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.pager import PagerScreen
from fstui.ui.modals.picker import PickerScreen
from fstui.ui.screens.ticket import TicketScreen
from tests.pilot_support import TICKET_SIZE, sandbox_db, until

from .harness import TicketHost, busy, type_text, wait_loaded

BLOB_ID = 990_000_001


def hostile(db: Any, ticket_id: int, *, name: str, data: bytes, kind: str = "text/plain") -> None:
    """An attachment on the ticket's first message, served by the sandbox's /attachments/{id}."""
    thread = db.thread(ticket_id)
    attachment = {"id": BLOB_ID, "name": name, "size": len(data), "content_type": kind}
    thread.conversations[0].setdefault("attachments", []).append(attachment)
    db.attachment_blobs[BLOB_ID] = (kind, data)


async def reload(pilot: Any, screen: TicketScreen) -> None:
    await pilot.press("f5")
    await until(pilot, lambda: not busy(screen), what="reloaded")
    await pilot.pause()


async def pick_attachment(pilot: Any, typed: str, action: str) -> None:
    app = pilot.app
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, PickerScreen), what="attachments")
    await pilot.press(*typed, "enter")
    await until(
        pilot,
        lambda: isinstance(app.screen, PickerScreen) and app.screen._title != "Attachments",
        what="what to do with it",
    )
    await pilot.press(*action, "enter")


async def test_saving_an_attachment_with_a_hostile_name_stays_in_the_directory(
    tmp_path: Path,
) -> None:
    app = TicketHost(tmp_path)
    downloads = tmp_path / "downloads"
    async with app.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        session = app.session
        assert session is not None
        session.store.attachments.directory = downloads  # the profile's download_dir
        hostile(
            sandbox_db(session),
            screen.ticket_id,
            name="../../.bashrc\x1b[31m.txt",
            data=b"export EVIL=1\n",
        )
        await reload(pilot, screen)
        await pick_attachment(pilot, "bashrc", "save")
        await until(pilot, lambda: downloads.is_dir() and any(downloads.iterdir()), what="saved")
        await pick_attachment(pilot, "bashrc", "save")
        await until(pilot, lambda: len(list(downloads.iterdir())) == 2, what="saved again")
        names = sorted(p.name for p in downloads.iterdir())
        assert names == ["bashrc (1).txt", "bashrc.txt"]  # never overwritten
        assert (downloads / "bashrc.txt").read_bytes() == b"export EVIL=1\n"
        assert not (tmp_path / ".bashrc").exists()
        # A text attachment also reads in a pager, sanitised.
        await pick_attachment(pilot, "bashrc", "read")
        await until(pilot, lambda: isinstance(app.screen, PagerScreen), what="pager")
        assert "export EVIL=1" in str(app.screen.query_one("#pager-text").render())


async def test_an_attachment_over_the_cap_is_not_kept(tmp_path: Path) -> None:
    app = TicketHost(tmp_path)
    downloads = tmp_path / "downloads"
    async with app.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        session = app.session
        assert session is not None
        session.store.attachments.directory = downloads  # the profile's download_dir
        big = b"x" * (40 * 1024 * 1024 + 1)
        hostile(sandbox_db(session), screen.ticket_id, name="huge.bin", data=big, kind="")
        await reload(pilot, screen)
        notes: list[str] = []
        original = app.notify

        def heard(message: str, **kwargs: Any) -> None:
            notes.append(message)
            original(message, **kwargs)

        app.notify = heard  # type: ignore[method-assign]
        await pick_attachment(pilot, "huge", "save")
        await until(pilot, lambda: any("larger" in n for n in notes), what="refused")
        assert not downloads.exists() or not any(downloads.iterdir())


async def test_a_reply_carries_a_file_cc_and_bcc(tmp_path: Path) -> None:
    log = tmp_path / "vpn.log"
    log.write_text("tunnel down at 09:12\n")
    app = TicketHost(tmp_path)
    async with app.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        composer = screen.visible_composers()[0]
        await type_text(pilot, "Log attached")
        composer.query_one("#composer-cc", Input).value = "manager@example.com"
        composer.query_one("#composer-bcc", Input).value = "not-an-address"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # refused before asking
        composer.query_one("#composer-bcc", Input).value = "audit@example.com"
        composer.query_one("#composer-from", Input).value = "it-desk@acme-demo.test"
        composer.query_one("#composer-body").focus()
        await pilot.press("ctrl+o")
        await until(pilot, lambda: app.screen is not screen, what="path prompt")
        await type_text(pilot, str(log))
        await pilot.press("enter")
        await until(pilot, lambda: composer.files == (str(log),), what="attached")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        body = str(app.screen._body)  # type: ignore[attr-defined]
        assert "manager@example.com" in body and "audit@example.com" in body
        assert "vpn.log" in body and "From: it-desk@acme-demo.test" in body
        await pilot.press("y")
        await until(pilot, lambda: not screen.visible_composers(), what="sent")
        db = sandbox_db(app.session)
        sent = [
            c
            for c in db.thread(screen.ticket_id).conversations
            if "Log attached" in str(c.get("body"))
        ]
        assert len(sent) == 1
        assert sent[0]["cc_emails"] == ["manager@example.com"]
        assert sent[0]["bcc_emails"] == ["audit@example.com"]
        assert [a["name"] for a in sent[0]["attachments"]] == ["vpn.log"]
        assert sent[0]["from_email"] == "it-desk@acme-demo.test"


async def test_a_reply_into_a_changed_conversation_shows_what_arrived_first(
    tmp_path: Path,
) -> None:
    app = TicketHost(tmp_path)
    async with app.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        db = sandbox_db(app.session)
        ticket_id = screen.ticket_id
        thread = db.thread(ticket_id)
        incoming = next(c for c in thread.conversations if c.get("incoming"))
        news = copy.deepcopy(incoming)
        news["id"] = max(c["id"] for c in thread.conversations) + 1
        news["body"] = "<p>Never mind, it works again now</p>"
        news["body_text"] = "Never mind, it works again now"
        news["created_at"] = news["updated_at"] = "2024-06-03T09:40:00Z"
        news["attachments"] = []
        thread.conversations.append(news)
        db.tickets[ticket_id]["updated_at"] = "2024-06-03T09:40:00Z"
        before = len(thread.conversations)
        await pilot.press("r")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        await type_text(pilot, "Trying a fix")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="asked")
        assert "works again now" in str(app.screen._body)  # type: ignore[attr-defined]
        assert "changed" in app.screen._title  # type: ignore[attr-defined]
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen, what="back")
        assert len(thread.conversations) == before  # nothing sent
        await until(
            pilot,
            lambda: any("works again" in (c.body or "") for c in screen.ticket.conversations or []),  # type: ignore[union-attr]
            what="the thread reloaded",
        )
        assert screen.visible_composers()[0].state.text == "Trying a fix"  # kept
        # Now the agent has seen it: the next send asks only the usual question.
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        assert app.screen._title.startswith("Send reply")  # type: ignore[attr-defined]


async def test_a_private_note_carries_a_file(tmp_path: Path) -> None:
    shot = tmp_path / "screenshot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    app = TicketHost(tmp_path)
    async with app.run_test(size=TICKET_SIZE) as pilot:
        screen = await wait_loaded(pilot)
        await pilot.press("m")
        await until(pilot, lambda: bool(screen.visible_composers()), what="composer")
        composer = screen.visible_composers()[0]
        await type_text(pilot, "Screenshot from the call")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: app.screen is not screen, what="path prompt")
        await type_text(pilot, str(shot))
        await pilot.press("enter")
        await until(pilot, lambda: composer.files == (str(shot),), what="attached")
        assert "screenshot.png" in str(composer.query_one("#composer-files").render())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await until(pilot, lambda: not screen.visible_composers(), what="sent")
        db = sandbox_db(app.session)
        sent = [
            c
            for c in db.thread(screen.ticket_id).conversations
            if "Screenshot from the call" in str(c.get("body"))
        ]
        assert len(sent) == 1 and sent[0]["private"] is True
        assert [a["name"] for a in sent[0]["attachments"]] == ["screenshot.png"]
