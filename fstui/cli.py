"""Command line entry point.

Heavy modules (Textual, the sandbox, the client) are imported inside the
subcommand that needs them so `fstui --version` and `fstui --help` stay instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fstui import __version__

if TYPE_CHECKING:
    import httpx

    from fstui.onboarding import Prompter
    from fstui.session import Session


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fstui", description="Keyboard-first terminal console for Freshservice agents."
    )
    parser.add_argument("--version", action="version", version=f"fstui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run on the embedded sandbox")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="with --demo: throw away the kept demo (its data, writes and cache) and start over",
    )
    parser.add_argument("--profile", default=None, help="config profile to use")
    parser.add_argument("--log", metavar="FILE", default=None, help="write a log to FILE")
    parser.add_argument(
        "--debug", action="store_true", help="log HTTP traces to the log file (key redacted)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sandbox = sub.add_parser("sandbox", help="serve the Freshservice sandbox on loopback")
    from fstui.sandbox.cli import configure_parser

    configure_parser(sandbox)
    sub.add_parser("doctor", help="check config, credentials, reachability and the terminal")
    init = sub.add_parser("init", help="set up a profile for your Freshservice account, guided")
    init.add_argument(
        "--profile", dest="init_profile", default=None, help="profile to create or edit"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "sandbox":
        from fstui.sandbox.cli import run

        return run(args)
    if args.command == "doctor":
        from fstui.doctor import run_doctor

        return run_doctor(args.profile)
    if args.command == "init":
        return run_init_command(args.init_profile or args.profile)
    return _run_app(args)


def run_init_command(
    profile: str | None,
    *,
    prompter: Prompter | None = None,
    config_file: Path | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    """`fstui init`: the guided flow on the terminal; 0 when a profile was written."""
    import asyncio

    from fstui.config import config_path
    from fstui.onboarding import ConsolePrompter, InitError, run_init

    asker = prompter if prompter is not None else ConsolePrompter()
    path = config_file or config_path()
    try:
        asyncio.run(run_init(asker, config_path=path, profile=profile, transport=transport))
    except InitError as exc:
        print(f"fstui init: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nfstui init: stopped; nothing was written.", file=sys.stderr)
        return 130
    return 0


def _log_path(args: argparse.Namespace) -> Path | None:
    if args.log:
        return Path(args.log).expanduser()
    if args.debug:
        from platformdirs import user_log_path

        return user_log_path("fstui") / "fstui.log"
    return None


@dataclass
class LaunchPlan:
    """What the app needs to start on a profile: how to open it, or why it cannot."""

    launcher: Callable[[], Awaitable[Session]] | None = None
    problem: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    profile_name: str = "default"


def account_launcher(
    profile: str | None, path: Path, trace: Callable[[str], None] | None = None
) -> LaunchPlan:
    """Read the config and build the launcher for ``profile`` (None: the default one).

    Also what the welcome screen's `i` needs after `fstui init` wrote a profile: call this again
    with ``InitResult.profile`` and start the returned launcher.
    """
    from fstui.config import ConfigError, load_config, select_profile
    from fstui.logsetup import REDACTOR
    from fstui.onboarding.keystore import profile_key
    from fstui.session import open_account_session
    from fstui.store.team import team_for_profile

    plan = LaunchPlan()
    try:
        config = load_config(path)
        chosen = select_profile(config, profile)
        plan.keymap, plan.theme = dict(chosen.keymap), chosen.theme
        plan.profile_name = chosen.name
        key = profile_key(chosen, config)
        team = team_for_profile(chosen, config)  # None unless redis_url / FSTUI_REDIS_URL
    except ConfigError as exc:
        plan.problem = str(exc)
        return plan
    if not chosen.domain:
        plan.problem = None if not config.exists else f"Profile {chosen.name!r} has no domain."
    elif key is None:
        plan.problem = (
            f"No API key for profile {chosen.name!r}: run `fstui init`, set "
            "FRESHSERVICE_API_KEY, or api_key_cmd in the config."
        )
    elif not chosen.email:
        plan.problem = f"Profile {chosen.name!r} needs email = your agent email (defines 'me')."
    else:
        REDACTOR.add_secret(key.value)
        domain, email, secret = chosen.domain, chosen.email, key.value

        async def launch_account() -> Session:
            session = await open_account_session(
                domain=domain,
                api_key=secret,
                me_email=email,
                profile_name=chosen.name,
                plan=chosen.plan,
                trace=trace,
                refresh_interval=chosen.refresh_interval,
                saved_queues=chosen.saved_queues,
                workspace_id=chosen.workspace_id,
                team=team,
                download_dir=chosen.download_dir,
            )
            session.bell_on_urgent = chosen.bell_on_urgent
            session.extras["notifications"] = chosen.notifications  # NotificationPrefs
            return session

        plan.launcher = launch_account
    return plan


def _run_app(args: argparse.Namespace) -> int:
    from fstui.config import config_path
    from fstui.logsetup import http_trace, setup_logging
    from fstui.session import open_kept_demo_session
    from fstui.ui.app import FstuiApp

    logger = setup_logging(_log_path(args), args.debug)
    trace = http_trace(logger) if args.debug else None
    path = config_path()
    fresh = bool(args.fresh and args.demo)

    async def open_demo() -> Session:
        """The demo kept between runs (--fresh: started over, this once)."""
        nonlocal fresh
        started_over, fresh = fresh, False
        return await open_kept_demo_session(fresh=started_over)

    if args.demo:
        plan = LaunchPlan(launcher=open_demo)
    else:
        plan = account_launcher(args.profile, path, trace)

    def relaunch(profile: str) -> tuple[Callable[[], Awaitable[Session]] | None, str | None]:
        """After `i` (fstui init in the app) wrote a profile: how to open it, or why not."""
        again = account_launcher(profile, path, trace)
        return again.launcher, again.problem

    if args.demo:
        from fstui.sandbox.config import demo_first_frame

        first_frame = demo_first_frame()
    else:
        from fstui.store.cache import first_frame_path

        first_frame = first_frame_path(plan.profile_name)
    app = FstuiApp(
        launcher=plan.launcher,
        demo_launcher=open_demo,
        config_path=path,
        problem=plan.problem,
        keymap=plan.keymap,
        theme=plan.theme,
        relaunch=relaunch,
        first_frame=first_frame,
        read_first_frame=not fresh,
    )
    if args.demo:
        app.run_opened()  # the kept frame first, else opened before the first frame (the queue)
    else:
        app.run()
    return 0
