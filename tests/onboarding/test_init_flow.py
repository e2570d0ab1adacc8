"""`fstui init` driven in-process against the sandbox: what a new user sees and what is written.

The sandbox serves the reference's rate-limit headers per plan (freshservice-api-v2.txt line 39:
"The limits vary based on the Freshservice plan"; api-facts.md #1: X-Ratelimit-Total is the
account limit on a call without a sub-limit), so plan detection is tested over real HTTP
semantics, not against a stub.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from fstui.config import load_config, select_profile
from fstui.onboarding import InitError, read_key_file, run_init
from fstui.onboarding.keystore import profile_key, usable_backend
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport

KEY = "init-test-key-1234"
SANDBOX_URL = "http://127.0.0.1:8765"


class Script:
    """Answers the flow's questions in order and remembers everything it was told."""

    def __init__(self, answers: Sequence[str]) -> None:
        self.answers = list(answers)
        self.said: list[str] = []
        self.questions: list[str] = []

    def _next(self, question: str) -> str:
        self.questions.append(question)
        if not self.answers:
            raise AssertionError(f"unexpected question: {question}")
        return self.answers.pop(0)

    async def ask(self, question: str, *, default: str | None = None) -> str:
        return self._next(question) or (default or "")

    async def secret(self, question: str) -> str:
        return self._next(question)

    async def choose(self, question: str, options: Sequence[str], *, default: int = 0) -> int:
        if not self.answers and "workspaces" in question:
            # An account (or a sandbox) with several workspaces asks one more question; a test
            # that is not about workspaces takes the offered default, as Enter would.
            self.questions.append(question)
            return default
        answer = self._next(question)
        return default if answer == "" else int(answer)

    def say(self, text: str) -> None:
        self.said.append(text)

    @property
    def told(self) -> str:
        return "\n".join(self.said)


class DictKeyring:
    def __init__(self) -> None:
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password


class Counting(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}?{request.url.query.decode()}")
        return await self.inner.handle_async_request(request)


def sandbox(plan: str = "pro") -> Counting:
    return Counting(
        sandbox_transport(create_app(SandboxConfig(tickets=30, api_key=KEY, plan=plan)))
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def init(tmp_path: Path, answers: Sequence[str], **kw: Any) -> tuple[Any, Script]:
    script = Script(answers)
    kw.setdefault("transport", sandbox())
    kw.setdefault("keyring_backend", lambda: None)
    result = await run_init(script, config_path=tmp_path / "fstui" / "config.toml", **kw)
    return result, script


async def test_writes_a_working_profile_with_the_key_in_a_private_file(tmp_path: Path) -> None:
    transport = sandbox("pro")
    result, script = await init(tmp_path, [SANDBOX_URL, KEY, DEMO_AGENT_EMAIL], transport=transport)
    config_file = tmp_path / "fstui" / "config.toml"
    key_file = tmp_path / "fstui" / "default.key"
    assert mode(config_file) == 0o600 and mode(key_file) == 0o600
    text = config_file.read_text()
    assert KEY not in text and KEY not in script.told  # never in the config, never printed
    assert f'api_key_file = "{key_file}"' in text
    assert "Wrote" in script.told and 'email = "alex.morgan@acme-demo.test"' in script.told
    assert "Your API Key" in script.said[1]  # where to find it, before the key is asked
    # The app's own loader reads it back and finds the key: a profile that works.
    config = load_config(config_file)
    profile = select_profile(config, None, env={})
    assert (profile.domain, profile.email, profile.plan) == (SANDBOX_URL, DEMO_AGENT_EMAIL, "pro")
    found = profile_key(profile, config)
    assert found is not None and found.value == KEY
    assert read_key_file(key_file) == KEY
    # /workspaces proves the key and carries the account limit; one agent query finds "me"
    # (a form-fields read stands in while an account, or the sandbox, has no /workspaces).
    assert transport.requests[0].startswith("GET /api/v2/workspaces")
    assert "agents?query=%22email%3A%27alex.morgan%40acme-demo.test%27%22" in transport.requests[-1]
    assert len(transport.requests) <= 3 and result.calls == len(transport.requests)
    assert not any("email=" in r for r in transport.requests)  # the query found me: no fallback


@pytest.mark.parametrize("plan", ["starter", "growth", "pro", "enterprise"])
async def test_detects_each_plan_from_the_rate_limit_headers(tmp_path: Path, plan: str) -> None:
    result, script = await init(
        tmp_path, [SANDBOX_URL, KEY, DEMO_AGENT_EMAIL], transport=sandbox(plan)
    )
    assert (result.plan, result.plan_detected) == (plan, True)
    assert not any("plan" in q.lower() for q in script.questions)  # never asked
    assert f'plan = "{plan}"' in (tmp_path / "fstui" / "config.toml").read_text()


async def test_asks_the_plan_when_the_headers_do_not_name_one(tmp_path: Path) -> None:
    # The sandbox's "unlimited" account reports a limit no plan has: asked, not guessed.
    result, script = await init(
        tmp_path, [SANDBOX_URL, KEY, DEMO_AGENT_EMAIL, "2"], transport=sandbox("unlimited")
    )
    assert (result.plan, result.plan_detected) == ("pro", False)
    assert "which is no standard plan" in script.told
    assert any("Which Freshservice plan" in q for q in script.questions)


async def test_a_wrong_key_gets_a_clear_message_and_another_try(tmp_path: Path) -> None:
    _result, script = await init(tmp_path, [SANDBOX_URL, "not-the-key", KEY, DEMO_AGENT_EMAIL])
    assert "refused the API key (401)" in script.told
    assert "Profile settings" in script.told
    assert "not-the-key" not in script.told
    assert read_key_file(tmp_path / "fstui" / "default.key") == KEY


async def test_only_wrong_keys_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(InitError, match="refused every key"):
        await init(tmp_path, [SANDBOX_URL, *["bad"] * 5])
    assert not (tmp_path / "fstui" / "config.toml").exists()
    assert not (tmp_path / "fstui" / "default.key").exists()


async def test_a_requester_or_unknown_email_is_not_an_agent(tmp_path: Path) -> None:
    requester = "riley.rossi@acme-demo.test"
    transport = sandbox()
    result, script = await init(
        tmp_path,
        [SANDBOX_URL, KEY, requester, "nobody@example.com", DEMO_AGENT_EMAIL],
        transport=transport,
    )
    assert f"{requester} is a requester in 127.0.0.1, not an agent" in script.told
    assert "No agent with email nobody@example.com" in script.told
    assert result.agent_name == "Alex Morgan"
    # The sandbox's agent query answers for the requester with no agent (reference line 13046):
    # an answer, so the only other call is the requester lookup that words the message.
    asked = [r.split("?")[0] for r in transport.requests if "riley.rossi" in r]
    assert asked == ["GET /api/v2/agents", "GET /api/v2/requesters"]


async def test_a_deactivated_agent_is_refused(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(tickets=30, api_key=KEY))
    inactive = next(a for a in app.state.sandbox.db.agents if not a["active"])
    _result, script = await init(
        tmp_path,
        [SANDBOX_URL, KEY, inactive["email"], DEMO_AGENT_EMAIL],
        transport=sandbox_transport(app),
    )
    assert "deactivated agent" in script.told


async def test_refuses_to_write_a_key_file_others_can_read(tmp_path: Path) -> None:
    directory = tmp_path / "fstui"
    directory.mkdir()
    loose = directory / "default.key"
    loose.write_text("old\n")
    loose.chmod(0o644)
    with pytest.raises(InitError, match="other users can read it") as caught:
        await init(tmp_path, [SANDBOX_URL, KEY, DEMO_AGENT_EMAIL])
    assert "chmod 600" in str(caught.value)
    assert loose.read_text() == "old\n"  # not overwritten
    assert not (directory / "config.toml").exists()  # and no config pointing at it


async def test_the_keyring_holds_the_key_when_a_backend_exists(tmp_path: Path) -> None:
    keyring = DictKeyring()
    result, script = await init(
        tmp_path, [SANDBOX_URL, KEY, DEMO_AGENT_EMAIL], keyring_backend=lambda: keyring
    )
    assert keyring.data == {("fstui", "default"): KEY}
    assert result.key is not None and result.key.in_keyring
    assert not (tmp_path / "fstui" / "default.key").exists()
    assert "api_key_file" not in (tmp_path / "fstui" / "config.toml").read_text()
    assert "OS keyring" in script.told


def test_the_fail_and_empty_keyring_backends_are_no_keyring() -> None:
    fail = type("Keyring", (), {"priority": 0})
    fail.__module__ = "keyring.backends.fail"
    chainer = type("ChainerBackend", (), {"priority": 10, "backends": []})
    chainer.__module__ = "keyring.backends.chainer"
    real = type("Keyring", (), {"priority": 5})
    real.__module__ = "keyring.backends.SecretService"
    assert not usable_backend(fail())
    assert not usable_backend(chainer())
    assert usable_backend(real())


async def test_rerunning_edits_the_profile_and_keeps_the_rest(tmp_path: Path) -> None:
    await init(tmp_path, [SANDBOX_URL, KEY, DEMO_AGENT_EMAIL])
    config_file = tmp_path / "fstui" / "config.toml"
    config_file.write_text(
        config_file.read_text()
        + '\n[profiles.other]\ndomain = "other"\n'
        + 'saved_queues = [{ name = "VIP", query = "priority:4" }]\n'
        + '[profiles.default.keymap]\n"queue.assign_me" = "ctrl+t"\n'
    )
    key_file = tmp_path / "fstui" / "default.key"
    before = key_file.stat().st_mtime_ns
    # Enter keeps domain and key; a new email is checked against the account.
    other_agent = "ingrid.okafor@acme-demo.test"
    result, script = await init(tmp_path, ["", "", other_agent], profile="default")
    assert "Editing profile 'default'" in script.told
    assert result.key is None and key_file.stat().st_mtime_ns == before  # key kept as it was
    config = load_config(config_file)
    assert config.profiles["default"].email == other_agent
    assert config.profiles["default"].keymap == {"queue.assign_me": "ctrl+t"}
    assert config.profiles["other"].saved_queues[0].query == "priority:4"
    assert mode(config_file) == 0o600


async def test_a_key_that_lived_in_the_config_moves_out(tmp_path: Path) -> None:
    directory = tmp_path / "fstui"
    directory.mkdir()
    config_file = directory / "config.toml"
    config_file.write_text(f'[profiles.work]\ndomain = "{SANDBOX_URL}"\napi_key = "{KEY}"\n')
    config_file.chmod(0o600)
    _result, _ = await init(tmp_path, ["", "", DEMO_AGENT_EMAIL], profile="work")
    assert KEY not in config_file.read_text()
    assert read_key_file(directory / "work.key") == KEY


async def test_several_workspaces_are_listed_and_one_is_chosen(tmp_path: Path) -> None:
    inner = sandbox("pro")
    body = {
        "workspaces": [
            {"id": 2, "name": "IT", "primary": True, "state": "active"},
            {"id": 3, "name": "HR\x1b]52;c;evil\x07", "primary": False, "state": "active"},
            {"id": 4, "name": "Draft", "primary": False, "state": "draft"},
        ]
    }

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/workspaces"):
            headers = {"x-ratelimit-total": "400", "x-ratelimit-remaining": "399"}
            return httpx.Response(200, json=body, headers=headers)
        return await inner.handle_async_request(request)

    chosen: list[Sequence[str]] = []
    script = Script([SANDBOX_URL, KEY, DEMO_AGENT_EMAIL, "1"])
    original = script.choose

    async def choose(question: str, options: Sequence[str], *, default: int = 0) -> int:
        chosen.append(options)
        assert default == 0  # the primary workspace is offered first
        return await original(question, options, default=default)

    script.choose = choose  # type: ignore[method-assign]
    result = await run_init(
        script,
        config_path=tmp_path / "config.toml",
        transport=httpx.MockTransport(handler),
        keyring_backend=lambda: None,
    )
    assert result.workspace_id == 3 and result.plan == "pro"
    assert chosen == [["IT (primary)", "HR"]]  # drafts left out, escape sequence stripped
    assert "workspace_id = 3" in (tmp_path / "config.toml").read_text()


def agents_double(
    *, query_status: int, agent: dict[str, Any], seen: list[str]
) -> httpx.MockTransport:
    """/agents answering ?query= with `query_status`; everything else like a Pro account."""

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url.query.decode()))
        headers = {"x-ratelimit-total": "400"}
        path = request.url.path
        if path.endswith("/workspaces"):
            return httpx.Response(200, json={"workspaces": []}, headers=headers)
        if path.endswith("/agents") and "query" in request.url.params:
            if query_status != 200:
                error = {"description": "Validation failed", "errors": [{"field": "query"}]}
                return httpx.Response(query_status, json=error, headers=headers)
            return httpx.Response(200, json={"agents": [agent]}, headers=headers)
        if path.endswith("/agents"):
            return httpx.Response(200, json={"agents": [agent]}, headers=headers)
        return httpx.Response(200, json={"requesters": []}, headers=headers)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(("query_status", "lookup"), [(200, "query"), (400, "email")])
async def test_the_agent_query_is_asked_first_and_email_is_the_fallback(
    tmp_path: Path, query_status: int, lookup: str
) -> None:
    from fstui.onboarding import AccountCheck

    agent = {"id": 7, "first_name": "Alex", "email": DEMO_AGENT_EMAIL, "active": True}
    seen: list[str] = []
    transport = agents_double(query_status=query_status, agent=agent, seen=seen)
    async with AccountCheck(f"{SANDBOX_URL}/api/v2", KEY, transport=transport) as check:
        found = await check.find_agent(DEMO_AGENT_EMAIL.upper())
    assert found.id == 7 and check.agent_lookup == lookup
    assert seen[0] == "query=%22email%3A%27alex.morgan%40acme-demo.test%27%22"
    assert len(seen) == (1 if lookup == "query" else 2)


async def test_an_ignored_agent_query_falls_back_to_the_email_filter() -> None:
    from fstui.onboarding import AccountCheck

    me = {"id": 7, "first_name": "Alex", "email": DEMO_AGENT_EMAIL, "active": True}
    someone = {"id": 9, "first_name": "Ingrid", "email": "ingrid@acme-demo.test", "active": True}
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.query.decode())
        everyone = "email" not in request.url.params  # an account that ignores ?query=
        return httpx.Response(200, json={"agents": [someone] if everyone else [me]})

    transport = httpx.MockTransport(handler)
    async with AccountCheck(f"{SANDBOX_URL}/api/v2", KEY, transport=transport) as check:
        found = await check.find_agent(DEMO_AGENT_EMAIL)
    assert found.id == 7 and check.agent_lookup == "email" and len(seen) == 2
