"""Command line entry point.

Heavy modules (Textual, the sandbox, the client) are imported inside the
subcommand that needs them so `fstui --version` and `fstui --help` stay instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from fstui import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fstui", description="Keyboard-first terminal console for Freshservice agents."
    )
    parser.add_argument("--version", action="version", version=f"fstui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run on the embedded sandbox")
    parser.add_argument("--profile", default=None, help="config profile to use")
    parser.add_argument("--log", metavar="FILE", default=None, help="write a log to FILE")
    parser.add_argument("--debug", action="store_true", help="log HTTP traces (key redacted)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    parser.error("the app is not built yet") if not args.demo else None
    return 0
