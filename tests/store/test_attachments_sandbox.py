"""Issue #19: saving and paging attachments, and the check before replying into a changed
conversation, against the in-process sandbox (GET /attachments/{id}, reference line 24346)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fstui.api import AttachmentTooLarge, FreshserviceClient, UploadFile
from fstui.store.attachments import NotText, free_path, safe_filename
from fstui.store.cache import JsonCache
from fstui.store.store import Store

from .harness import CountingTransport, sandbox_parts


@dataclass
class Env:
    app: Any
    client: FreshserviceClient
    store: Store
    transport: CountingTransport
    moment: list[datetime]

    def advance(self, seconds: float) -> None:
        self.moment[0] += timedelta(seconds=seconds)


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Env]:
    create_app, SandboxConfig, sandbox_transport, key = sandbox_parts()
    from fstui.sandbox.config import DEMO_AGENT_EMAIL

    moment = [datetime(2025, 3, 3, 15, 30, tzinfo=UTC)]
    app = create_app(
        SandboxConfig(tickets=150, plan="unlimited", now=moment[0], clock=lambda: moment[0])
    )
    transport = CountingTransport(sandbox_transport(app))
    client = FreshserviceClient("http://127.0.0.1", key, transport=transport)
    cache = JsonCache(tmp_path / "cache")
    async with client:
        yield Env(app, client, Store(client, cache, me_email=DEMO_AGENT_EMAIL), transport, moment)
    cache.close()


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def _ticket_with_file(env: Env, name: str, data: bytes, kind: str) -> dict[str, Any]:
    ticket = await env.client.create_ticket(
        {"subject": "Files", "email": "files@acme.example"},
        attachments=[UploadFile(name, data, kind)],
    )
    (attachment,) = ticket.attachments or []
    return attachment


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("../../.bashrc", "bashrc"),
        ("..\\..\\Windows\\system.ini", "system.ini"),
        (".hidden", "hidden"),
        ("evil\x1b]0;title\x07name.txt", "evilname.txt"),
        ("line\nbreak\u202e.txt", "line break.txt"),
        ("CON.txt", "_CON.txt"),
        ("...", "attachment"),
        ("", "attachment"),
        ("a" * 400 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_hostile_names_become_plain_file_names(hostile: str, expected: str) -> None:
    assert safe_filename(hostile) == expected


def test_free_path_never_reuses_a_name(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"1")
    (tmp_path / "report (1).pdf").write_bytes(b"2")
    assert free_path(tmp_path, "report.pdf").name == "report (2).pdf"
    assert free_path(tmp_path, "new.pdf").name == "new.pdf"


async def test_saving_twice_keeps_both_and_a_hostile_name_stays_inside(
    env: Env, tmp_path: Path
) -> None:
    attachment = await _ticket_with_file(env, "../../../etc/passwd", b"root:x:0:0\n", "text/plain")
    folder = tmp_path / "downloads"
    first = await env.store.attachments.save(attachment, folder)
    second = await env.store.attachments.save(attachment, folder)
    assert _names(folder) == ["passwd", "passwd (1)"]
    assert first.path.read_bytes() == second.path.read_bytes() == b"root:x:0:0\n"
    assert not (tmp_path.parent / "etc").exists()


async def test_a_download_over_the_cap_leaves_nothing(env: Env, tmp_path: Path) -> None:
    attachment = await _ticket_with_file(env, "dump.bin", b"z" * 10_000, "application/zip")
    folder = tmp_path / "downloads"
    with pytest.raises(AttachmentTooLarge):
        await env.store.attachments.save(attachment, folder, max_bytes=1000)
    assert _names(folder) == []


async def test_generated_demo_attachment_saves_with_its_size(env: Env, tmp_path: Path) -> None:
    found: dict[str, Any] | None = None
    for ticket_id in range(1, 100):
        async for conversation in env.client.list_conversations(ticket_id):
            for item in conversation.attachments or []:
                if item["content_type"] == "application/pdf":
                    found = item
        if found:
            break
    assert found is not None, "the demo has PDF attachments"
    saved = await env.store.attachments.save(found, tmp_path)
    assert saved.size == found["size"]
    assert saved.path.read_bytes().startswith(b"%PDF")


async def test_a_text_attachment_reads_sanitised_for_the_pager(env: Env) -> None:
    attachment = await _ticket_with_file(
        env, "log.txt", b"ok\n\x1b[31mred\x1b[0m\x07 done\n", "text/plain"
    )
    text = await env.store.attachments.read_text(attachment)
    assert text == "ok\nred done\n"
    image = await _ticket_with_file(env, "x.png", b"\x89PNG....", "image/png")
    with pytest.raises(NotText):
        await env.store.attachments.read_text(image)


async def test_the_check_before_sending_shows_what_arrived(env: Env) -> None:
    ticket_id = 12
    ticket = await env.client.get_ticket(ticket_id)
    loaded = [c async for c in env.client.list_conversations(ticket_id)]
    seen = [c.id for c in loaded if c.id is not None]
    check = env.store.conversation_check
    env.transport.reset()
    quiet = await check.arrived(ticket_id, seen_ids=seen, seen_updated_at=ticket.updated_at)
    assert not quiet.changed
    assert len(env.transport.requests) == 1, "nothing new costs one ticket read"

    env.advance(60)
    await env.client.add_note(ticket_id, "Colleague: I already called them", private=True)
    news = await check.arrived(ticket_id, seen_ids=seen, seen_updated_at=ticket.updated_at)
    assert [c.body_text for c in news.new] == ["Colleague: I already called them"]
    mine = await check.arrived(
        ticket_id, seen_ids=seen, seen_updated_at=ticket.updated_at, me_id=news.new[0].user_id
    )
    assert not mine.changed, "what I sent myself is not news"
