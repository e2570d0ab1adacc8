"""The welcome screen's `i`: the same `fstui init` flow as a Textual screen, driven with Pilot
against the in-process sandbox."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from fstui.onboarding import InitResult
from fstui.sandbox import DEMO_AGENT_EMAIL, SandboxConfig, create_app, sandbox_transport
from fstui.ui.screens.init_flow import InitFlowScreen

KEY = "init-screen-key"


class Host(App[None]):
    def __init__(self, config_path: Path, plan: str = "growth") -> None:
        super().__init__()
        app = create_app(SandboxConfig(tickets=30, api_key=KEY, plan=plan))
        self.flow = InitFlowScreen(
            config_path, transport=sandbox_transport(app), keyring_backend=lambda: None
        )
        self.results: list[InitResult | None] = []

    def compose(self) -> ComposeResult:
        yield Static("welcome")

    def on_mount(self) -> None:
        self.push_screen(self.flow, self.results.append)


async def asked(pilot: Pilot[None], question: str) -> Input:
    """Wait until the screen asks `question` (a part of it) with the input focused."""
    for _ in range(300):
        await pilot.pause()
        shown = str(pilot.app.screen.query_one("#init-question", Static).render())
        field = pilot.app.screen.query_one("#init-input", Input)
        if question in shown and field.has_focus:
            return field
    raise AssertionError(f"never asked {question!r}")


async def answer(pilot: Pilot[None], question: str, text: str) -> Input:
    field = await asked(pilot, question)
    field.value = text
    await pilot.press("enter")
    return field


async def finished(pilot: Pilot[None], app: Host) -> InitResult | None:
    """Wait for the flow to end; a workspace question (several workspaces) takes the default."""
    for _ in range(300):
        await pilot.pause()
        if app.results:
            return app.results[0]
        shown = str(app.screen.query_one("#init-question", Static).render())
        if "workspaces" in shown and app.screen.query_one("#init-choices", OptionList).has_focus:
            await pilot.press("enter")
    raise AssertionError("the flow did not finish")


async def test_the_screen_runs_init_and_returns_the_profile(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    app = Host(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, "Freshservice domain", "http://127.0.0.1:8765")
        field = await asked(pilot, "API key")
        assert field.password  # the key is typed hidden
        await answer(pilot, "API key", KEY)
        await answer(pilot, "agent email", DEMO_AGENT_EMAIL)
        result = await finished(pilot, app)
    assert result is not None and result.plan == "growth" and result.plan_detected
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert 'plan = "growth"' in config.read_text()
    assert all(KEY not in line for line in app.flow.transcript)
    assert any("Your API Key" in line for line in app.flow.transcript)


async def test_escape_stops_and_writes_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    app = Host(config)
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, "Freshservice domain", "http://127.0.0.1:8765")
        await asked(pilot, "API key")
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
    assert not config.exists()


async def test_a_wrong_key_is_said_on_the_screen(tmp_path: Path) -> None:
    app = Host(tmp_path / "config.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, "Freshservice domain", "http://127.0.0.1:8765")
        await answer(pilot, "API key", "wrong-key")
        for _ in range(200):
            await pilot.pause()
            if any("refused the API key" in line for line in app.flow.transcript):
                break
        assert any("refused the API key (401)" in line for line in app.flow.transcript)
        question = app.screen.query_one("#init-question", Static)
        assert "API key" in str(question.render())  # asked again


async def test_a_plan_the_headers_do_not_name_is_chosen_from_a_list(tmp_path: Path) -> None:
    app = Host(tmp_path / "config.toml", plan="unlimited")
    async with app.run_test(size=(100, 30)) as pilot:
        await answer(pilot, "Freshservice domain", "http://127.0.0.1:8765")
        await answer(pilot, "API key", KEY)
        await answer(pilot, "agent email", DEMO_AGENT_EMAIL)
        for _ in range(300):
            await pilot.pause()
            choices = app.screen.query_one("#init-choices", OptionList)
            if choices.has_focus:
                break
        assert [str(choices.get_option_at_index(i).prompt) for i in range(4)] == [
            "Starter (100/min)", "Growth (200/min)", "Pro (400/min)", "Enterprise (500/min)"
        ]  # fmt: skip
        await pilot.press("down", "enter")
        result = await finished(pilot, app)
    assert result is not None and (result.plan, result.plan_detected) == ("growth", False)
