"""fstui: a keyboard-first terminal console for Freshservice agents."""

__version__ = "0.1.0"
