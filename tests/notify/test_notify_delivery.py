"""What reaches the terminal and the desktop notifier: fixed strings plus sanitised text only."""

from __future__ import annotations

import re

import pytest

from fstui.config.model import NotificationPrefs
from fstui.notify import Capabilities, Deliverer, desktop_argv, detect, osc9, osc777, tmux_wrap
from fstui.store.notifications import Kind, Notification

HOSTILE = [
    "Printer\x07 done",  # BEL ends an OSC early
    "x\x1b]52;c;cm0gLXJmIH4=\x07y",  # OSC 52 clipboard write
    "x\x1b\\y\x9cz",  # ST in 7-bit and 8-bit form
    "x\x9d0;title\x9cy",  # 8-bit OSC introducer
    "a;b;c",  # OSC 777 field separators
    "4;3;50",  # a ConEmu progress sub-command if it led the text
    "\u202eevil\u200b" + "z" * 5000,  # bidi override, zero width, very long
    "line\nbreak\r\ttab",
]
PRINTABLE_FIELD = r"[^\x00-\x1f\x7f-\x9f;]*"


def note(title: str, body: str = "", *, quiet: bool = False) -> Notification:
    return Notification(f"k:{title}", Kind.ASSIGNED, 1, title, body, 0.0, quiet)


def test_osc9_and_osc777_for_plain_text() -> None:
    assert osc9("#1 assigned to you", "Printer") == "\x1b]9;fstui: #1 assigned to you - Printer\a"
    assert osc777("#1 assigned to you", "Printer") == (
        "\x1b]777;notify;fstui: #1 assigned to you;Printer\a"
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_sequences_are_fixed_strings_around_inert_text(text: str) -> None:
    assert re.fullmatch(rf"\x1b\]9;fstui: {PRINTABLE_FIELD}\a", osc9(text, text))
    assert re.fullmatch(
        rf"\x1b\]777;notify;fstui: {PRINTABLE_FIELD};{PRINTABLE_FIELD}\a", osc777(text, text)
    )
    assert len(osc9(text, text)) < 200


def test_tmux_passthrough_doubles_every_escape() -> None:
    wrapped = tmux_wrap(osc9("hi"))
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;fstui: hi\a\x1b\\"


def env(**values: str) -> dict[str, str]:
    return {"TERM": "xterm-256color", **values}


def never_asked() -> bool:
    raise AssertionError("tmux asked although the answer was not needed")


def test_detects_the_terminal_from_what_it_announces() -> None:
    prefs = NotificationPrefs()
    no = {"which": lambda name: None, "platform": "linux", "tmux_passthrough": never_asked}
    assert detect(env(TERM_PROGRAM="iTerm.app"), prefs, **no).terminal == "osc9"
    assert detect(env(TERM_PROGRAM="WezTerm"), prefs, **no).terminal == "osc9"
    assert detect(env(TERM="foot"), prefs, **no).terminal == "osc777"
    assert detect(env(VTE_VERSION="7600"), prefs, **no).terminal == "osc777"
    plain = detect(env(), prefs, **no)
    assert plain.terminal is None and plain.bell
    assert any('terminal = "osc9"' in reason for reason in plain.reasons)
    assert detect(env(), NotificationPrefs(terminal="osc777"), **no).terminal == "osc777"
    assert (
        detect(env(TERM_PROGRAM="iTerm.app"), NotificationPrefs(terminal="off"), **no).terminal
        is None
    )


@pytest.mark.parametrize(("allowed", "terminal"), [(True, "osc9"), (False, None)])
def test_inside_tmux_only_with_passthrough(allowed: bool, terminal: str | None) -> None:
    caps = detect(
        env(TMUX="/tmp/tmux-1000/default,1,0", TERM_PROGRAM="tmux", LC_TERMINAL="iTerm2"),
        NotificationPrefs(),
        which=lambda name: None,
        platform="linux",
        tmux_passthrough=lambda: allowed,
    )
    assert (caps.terminal, caps.tmux) == (terminal, True)
    configured = detect(
        env(TMUX="x", LC_TERMINAL="iTerm2"),
        NotificationPrefs(tmux_passthrough=True),
        which=lambda name: None,
        platform="linux",
        tmux_passthrough=never_asked,
    )
    assert configured.terminal == "osc9"


def test_desktop_only_in_a_local_graphical_session() -> None:
    have = {"which": lambda name: f"/usr/bin/{name}", "tmux_passthrough": never_asked}
    local = detect(env(DISPLAY=":0"), NotificationPrefs(), platform="linux", **have)
    assert local.desktop == ["notify-send"]
    ssh = detect(
        env(DISPLAY=":0", SSH_CONNECTION="1 2 3 4"), NotificationPrefs(), platform="linux", **have
    )
    assert ssh.desktop is None
    headless = detect(env(), NotificationPrefs(), platform="linux", **have)
    assert headless.desktop is None
    mac = detect(env(), NotificationPrefs(), platform="darwin", **have)
    assert mac.desktop == ["osascript"]
    off = detect(env(DISPLAY=":0"), NotificationPrefs(desktop=False), platform="linux", **have)
    assert off.desktop is None


def test_desktop_text_goes_in_as_arguments_never_through_a_shell() -> None:
    argv = desktop_argv(["notify-send"], "#1 assigned", "-rf $(reboot)\x1b[2J")
    assert argv == ["notify-send", "--app-name=fstui", "--", "fstui: #1 assigned", "-rf $(reboot)"]
    mac = desktop_argv(["osascript"], 'say "hi"', "b")
    assert mac[-2:] == ['fstui: say "hi"', "b"] and "on run argv" in mac


def test_delivery_rings_once_per_batch_and_stays_silent_in_quiet_hours() -> None:
    written: list[str] = []
    ran: list[list[str]] = []
    caps = Capabilities(bell=True, terminal="osc9", tmux=True, desktop=["notify-send"])
    deliverer = Deliverer(caps, written.append, run=ran.append)
    assert deliverer.deliver([note("a", quiet=True)]) == []
    assert written == [] and ran == []
    used = deliverer.deliver([note("one\x07"), note("two")])
    assert used == ["bell", "osc9", "desktop", "osc9", "desktop"]
    assert written[0] == "\a"
    assert written[1] == tmux_wrap(osc9("one"))
    assert len(ran) == 2 and ran[0][-2:] == ["fstui: one", ""]
