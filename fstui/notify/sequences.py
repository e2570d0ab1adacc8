"""The bytes fstui writes to the terminal for a notification: fixed strings and clean text.

A notification's text comes from tickets (subjects, names), which anyone can type. Written
inside an escape sequence, a stray BEL or ESC would end it early and let the rest act as new
sequences (a clipboard write, a retitle), so every piece of text goes through the sanitiser
first, is cut short, and loses the characters that separate fields (``;`` for OSC 777). What is
left is the fixed introducer, the fixed terminator, and printable text.

- OSC 9 (iTerm2, WezTerm, ghostty): ``ESC ] 9 ; text BEL``. Text that starts with digits and
  a ``;`` is a ConEmu sub-command (9;4 is a progress bar), so the text always starts with
  "fstui: ".
- OSC 777 (urxvt, foot, VTE terminals, ghostty): ``ESC ] 777 ; notify ; title ; body BEL``.
- tmux passes a sequence to the outer terminal only inside ``ESC P tmux; … ESC \\`` with every
  ESC doubled, and only when ``allow-passthrough`` is on.
"""

from __future__ import annotations

from fstui.text import one_line

__all__ = ["BELL", "clean", "osc9", "osc777", "tmux_wrap"]

BELL = "\a"
_OSC = "\x1b]"
_END = "\a"
MAX_TEXT = 160


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """Printable, one line, no field separator, at most ``limit`` characters."""
    return one_line(text, limit).replace(";", ",")


def osc9(title: str, body: str = "") -> str:
    text = clean(f"fstui: {title}" + (f" - {body}" if body else ""))
    return f"{_OSC}9;{text}{_END}"


def osc777(title: str, body: str = "") -> str:
    return f"{_OSC}777;notify;{clean(f'fstui: {title}', 80)};{clean(body)}{_END}"


def tmux_wrap(sequence: str) -> str:
    """The DCS passthrough tmux forwards to the outer terminal (``allow-passthrough on``)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
