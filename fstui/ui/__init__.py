"""The Textual user interface. Only this package imports Textual.

The rooms: `app` (the router), `messages` (what screens ask the app for), `context` (clock and
session accessors), `errors` (the one worker-error handler), `styles` and `themes`, and the
folders `screens/`, `widgets/` (generic) and `modals/`.
"""

__all__ = ["app", "commands", "context", "errors", "messages", "modals", "screens", "styles"]
