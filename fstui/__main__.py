"""Allow `python -m fstui`."""

from fstui.cli import main

raise SystemExit(main())
