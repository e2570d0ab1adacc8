"""Command line entry point.

Heavy modules (Textual, the sandbox, the client) are imported inside the
subcommand that needs them so `fstui --version` and `fstui --help` stay instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fstui import __version__

if TYPE_CHECKING:
    import httpx

    from fstui.onboarding import Prompter


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fstui", description="Keyboard-first terminal console for Freshservice agents."
    )
    parser.add_argument("--version", action="version", version=f"fstui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run on the embedded sandbox")
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


def _run_app(args: argparse.Namespace) -> int:
    from fstui.config import ConfigError, config_path, load_config, select_profile
    from fstui.logsetup import REDACTOR, http_trace, setup_logging
    from fstui.onboarding.keystore import profile_key
    from fstui.session import open_account_session, open_demo_session
    from fstui.ui.app import FstuiApp, Launcher

    logger = setup_logging(_log_path(args), args.debug)
    trace = http_trace(logger) if args.debug else None
    path = config_path()
    problem: str | None = None
    launcher: Launcher | None = None
    keymap: dict[str, str] = {}
    theme: str | None = None
    profile_name = "default"

    if args.demo:
        launcher = open_demo_session
    else:
        try:
            config = load_config(path)
            profile = select_profile(config, args.profile)
            keymap, theme, profile_name = dict(profile.keymap), profile.theme, profile.name
            key = profile_key(profile, config)
        except ConfigError as exc:
            problem, key, profile = str(exc), None, None
        if profile is not None and problem is None:
            if not profile.domain:
                problem = None if not config.exists else f"Profile {profile.name!r} has no domain."
            elif key is None:
                problem = (
                    f"No API key for profile {profile.name!r}: run `fstui init`, set "
                    "FRESHSERVICE_API_KEY, or api_key_cmd in the config."
                )
            elif not profile.email:
                problem = f"Profile {profile.name!r} needs email = your agent email (defines 'me')."
            else:
                REDACTOR.add_secret(key.value)
                domain, email, plan = profile.domain, profile.email, profile.plan
                bell = profile.bell_on_urgent
                workspace = profile.workspace_id
                secret = key.value

                async def launch_account() -> object:
                    session = await open_account_session(
                        domain=domain,
                        api_key=secret,
                        me_email=email,
                        profile_name=profile_name,
                        plan=plan,
                        trace=trace,
                        refresh_interval=profile.refresh_interval,
                        saved_queues=profile.saved_queues,
                        workspace_id=workspace,
                    )
                    session.bell_on_urgent = bell
                    return session

                launcher = launch_account  # type: ignore[assignment]

    app = FstuiApp(
        launcher=launcher,
        demo_launcher=open_demo_session,
        config_path=path,
        problem=problem,
        keymap=keymap,
        theme=theme,
    )
    app.run()
    return 0
