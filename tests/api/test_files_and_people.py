"""The client's issue #19 calls against the in-process sandbox: create with files and custom
fields (multipart, reference line 615), reply/note with files (4448, 4528), the reply answer's
missing source/private/incoming (4432), downloads streamed with a cap (24346), workspaces
(11619), agent and requester queries (13046, 12044)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fstui.api import (
    AttachmentTooLarge,
    FreshserviceClient,
    UploadFile,
    ValidationFailed,
    prefix_query,
)
from fstui.sandbox import SandboxConfig, create_app

from .harness import SANDBOX_KEY, sandbox_client


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
async def fs() -> AsyncIterator[FreshserviceClient]:
    async with sandbox_client(create_app(SandboxConfig(plan="unlimited", tickets=150))) as client:
        yield client


async def test_create_with_custom_fields_and_a_file(fs: FreshserviceClient, tmp_path: Path) -> None:
    ticket = await fs.create_ticket(
        {
            "subject": "Scanner offline",
            "description": "<p>Floor 3</p>",
            "email": "walkup@acme.example",
            "source": 9,
            "status": 2,
            "custom_fields": {"affected_users": 12, "vip_request": True, "asset_tag": "007"},
            "cc_emails": ["manager@acme.example"],
        },
        priority=3,
        attachments=[UploadFile("scan.txt", b"error 42\n", "text/plain")],
    )
    assert ticket.id is not None and ticket.priority == 3
    assert ticket.custom_fields == {
        "affected_service": None,
        "vip_request": True,
        "affected_users": 12,
        "asset_tag": "007",
    }
    (attachment,) = ticket.attachments or []
    target = tmp_path / "scan.txt"
    saved = await fs.download_attachment(int(attachment["id"]), target)
    assert saved.size == 9 and target.read_bytes() == b"error 42\n"


async def test_a_validation_error_names_its_field(fs: FreshserviceClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await fs.create_ticket(
            {"subject": "x", "email": "a@acme.example", "custom_fields": {"needed_by": "soon"}}
        )
    assert [e.field for e in caught.value.errors] == ["needed_by"]


async def test_reply_with_file_cc_and_the_filled_reply_flags(fs: FreshserviceClient) -> None:
    reply = await fs.reply(
        7,
        "<p>Log attached</p>",
        cc_emails=["boss@acme.example"],
        bcc_emails=["audit@acme.example"],
        attachments=[UploadFile("a.log", b"ok\n")],
    )
    assert reply.cc_emails == ["boss@acme.example"]
    assert [a["name"] for a in reply.attachments or []] == ["a.log"]
    # the 12-key answer has none of these; fstui must still see a public answer
    assert (reply.source, reply.private, reply.incoming) == (0, False, False)
    assert reply.answers_requester
    note = await fs.add_note(7, "internal", attachments=[UploadFile("b.log", b"no\n")])
    assert note.private is True and [a["name"] for a in note.attachments or []] == ["b.log"]


async def test_download_over_the_cap_keeps_nothing(fs: FreshserviceClient, tmp_path: Path) -> None:
    ticket = await fs.create_ticket(
        {"subject": "Big", "email": "a@acme.example"},
        attachments=[UploadFile("big.bin", b"x" * 5000)],
    )
    (attachment,) = ticket.attachments or []
    target = tmp_path / "big.bin"
    with pytest.raises(AttachmentTooLarge):
        await fs.download_attachment(int(attachment["id"]), target, max_bytes=4096)
    assert _names(tmp_path) == []  # no file, no partial
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        await fs.download_attachment(int(attachment["id"]), target)
    assert target.read_bytes() == b"mine"


async def test_sending_over_40_mb_is_refused_before_any_request(fs: FreshserviceClient) -> None:
    before = fs.budget().calls_made
    with pytest.raises(AttachmentTooLarge):
        await fs.reply(7, "huge", attachments=[UploadFile("x", b"0" * (40 * 1024 * 1024 + 1))])
    assert fs.budget().calls_made == before


async def test_workspaces_and_people_queries(fs: FreshserviceClient) -> None:
    workspaces = await fs.list_workspaces()
    assert [w.primary for w in workspaces].count(True) == 1
    me = (await fs.list_agents().first_page())[0]
    found = await fs.list_agents(query=f"email:'{me.email}'").first_page()
    assert [a.id for a in found] == [me.id]
    someone = (await fs.list_requesters().first_page())[0]
    assert someone.first_name
    prefix = someone.first_name[:3]
    hits = await fs.list_requesters(
        query=prefix_query(prefix, ("first_name", "primary_email"))
    ).first_page()
    assert hits
    assert all(
        (r.first_name or "").lower().startswith(prefix.lower())
        or (r.primary_email or "").lower().startswith(prefix.lower())
        for r in hits
    )


def test_prefix_query_drops_quotes_the_user_typed() -> None:
    assert prefix_query("o'neil\\", ("name",)) == "~[name]:'oneil'"


async def test_a_redirected_download_goes_without_the_key(tmp_path: Path) -> None:
    """Freshservice may answer GET /attachments/{id} with the file's storage address: the
    file is fetched there with no Authorization header (the key stays with Freshservice)."""
    import httpx

    from fstui.api import Priority
    from fstui.api.resources.files import stream_to_file

    seen: list[httpx.Request] = []

    def api(request: httpx.Request) -> httpx.Response:
        assert request.headers.get("authorization")
        return httpx.Response(302, headers={"Location": "https://files.example/signed/a.pdf"})

    def storage(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, content=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"}
        )

    client = FreshserviceClient(
        "https://acme.freshservice.com",
        SANDBOX_KEY,
        transport=httpx.MockTransport(api),
        plan="unlimited",
    )
    async with client:
        saved = await stream_to_file(
            client._session,
            "/attachments/5",
            tmp_path / "a.pdf",
            priority=Priority.INTERACTIVE,
            redirect_transport=httpx.MockTransport(storage),
        )
    assert saved.size == 12 and (tmp_path / "a.pdf").read_bytes() == b"%PDF-1.4 ..."
    (fetched,) = seen
    assert "authorization" not in fetched.headers and fetched.url.host == "files.example"
