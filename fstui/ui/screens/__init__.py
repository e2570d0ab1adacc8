"""One module or folder per screen. Only the app imports them; they post messages to it."""

__all__ = ["assets", "help", "notifications", "queue", "ticket", "welcome"]
