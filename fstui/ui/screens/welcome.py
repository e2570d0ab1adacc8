"""First run with no usable configuration: say how to set one up, offer the demo.

Also shown (with the reason on top) when the account cannot be reached, so a
bad key, an unknown domain or no network never ends in a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from fstui.text import literal
from fstui.ui.widgets.key_bar import KeyBar

SAMPLE_CONFIG = """\
[profiles.default]
domain = "acme"                 # acme.freshservice.com
email = "you@acme.com"          # your agent email: defines "me"
plan = "pro"                    # starter | growth | pro | enterprise
api_key_cmd = "pass show freshservice/api-key"
"""

ENV_DOMAIN = "FRESHSERVICE_DOMAIN"  # fstui.config.load: the environment overrides the profile


def name_the_source(problem: str, environ: Mapping[str, str]) -> str:
    """A start-up error names where the domain came from (issue #18 item 9).

    The API's messages say "the ... domain in your configuration"; when $FRESHSERVICE_DOMAIN is
    set it overrides the profile, so that is where the agent has to look.
    """
    if environ.get(ENV_DOMAIN, "").strip():
        return problem.replace(
            "in your configuration",
            f"in ${ENV_DOMAIN} (set in the environment, it overrides the config file)",
        )
    return problem


_RUN = re.compile(r"\b([Rr]un): (?=\S)")


def commands_on_their_own_line(problem: str) -> str:
    """`… run: chmod 600 /path` puts the command on a line of its own (issue #18 polish).

    Wrapped as prose, `chmod 600` ended one line and the path began the next, which reads and
    copies as two commands; on its own line it stays whole wherever the screen is 80 wide.
    """
    return _RUN.sub(lambda match: f"{match.group(1)}:\n    ", problem)


class WelcomeScreen(Screen[None]):
    """Explains configuration; `d` starts the demo, `q` quits."""

    CSS_PATH = str(Path(__file__).with_name("welcome.tcss"))

    BINDINGS = [
        Binding("i", "app.init_profile", "Set up your account", id="welcome.init"),
        Binding("d", "app.start_demo", "Try the demo", id="welcome.demo"),
        Binding("q", "app.quit", "Quit", id="welcome.quit"),
    ]

    def __init__(self, config_path: Path, problem: str | None = None) -> None:
        super().__init__()
        self._config_path = config_path
        self._problem = problem

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"), Vertical(id="welcome-body"):
            if self._problem:
                problem = commands_on_their_own_line(name_the_source(self._problem, os.environ))
                yield Static(literal(problem), id="welcome-problem")
            if self._problem and self._config_path.exists():
                # The config exists: the how-to-create-it text only buried the reason above.
                yield Static(
                    Text(
                        f"Your config file is {self._config_path}.\n"
                        "Run `fstui doctor` to check the setup.\n\n"
                        "Press i to set up your account step by step (the same as `fstui init`),"
                        "\nd to try the demo on a built-in sandbox account, q to quit."
                    ),
                    id="welcome-short",
                )
            else:
                yield Static(Text("Welcome to fstui", style="bold"), id="welcome-title")
                yield Static(
                    Text(
                        "fstui is a keyboard-first console for Freshservice agents.\n\n"
                        "To connect to your account, create the config file\n"
                        f"  {self._config_path}\n"
                        "with a profile like this:\n"
                    )
                )
                yield Static(Text(SAMPLE_CONFIG), id="welcome-sample")
                yield Static(
                    Text(
                        "or set FRESHSERVICE_DOMAIN and FRESHSERVICE_API_KEY in the environment.\n"
                        "Run `fstui doctor` to check the setup.\n\n"
                        "Press i to set up your account step by step (the same as `fstui init`),\n"
                        "d to try the demo on a built-in sandbox account, q to quit."
                    )
                )
        yield KeyBar()
