"""Checking the saved queues of a profile before any of them is sent.

A saved queue is a filter query the agent typed into the config file. A mistake in it would
otherwise only surface as a server 400 when the queue is opened; `fstui doctor` and the UI both
call `saved_queue_problems` to say which queue is wrong and where, as the `:` prompt does.
"""

from __future__ import annotations

from dataclasses import dataclass

from fstui.config.model import Profile, SavedQueue
from fstui.query import QueryError, parse
from fstui.text.sanitize import one_line, sanitize


@dataclass(frozen=True)
class SavedQueueProblem:
    """One saved queue whose query the API would reject."""

    queue: SavedQueue
    error: QueryError

    @property
    def position(self) -> int:
        """Index into `queue.query` (as written in the file) where the problem is."""
        return self.error.position

    def describe(self) -> str:
        """'saved queue "VIP": expected a condition after 'AND' (at position 15)'."""
        name = one_line(self.queue.name, 80) or "(unnamed)"
        return f'saved queue "{name}": {one_line(str(self.error), 300)}'

    def caret(self) -> str:
        """The query and a '^' under the mistake (both lines made inert)."""
        # The part before the mistake and the rest are made inert apart, so the caret lands
        # under the same character even when controls before it were removed.
        raw = self.queue.query
        before = sanitize(raw[: self.position], max_line=None)
        after = sanitize(raw[self.position :], max_line=None)
        return f"{before}{after}\n{' ' * len(before)}^"


def saved_queue_problems(profile: Profile) -> list[SavedQueueProblem]:
    """Every saved queue of `profile` whose query does not parse, in file order."""
    problems = []
    for queue in profile.saved_queues:
        try:
            parse(queue.query)
        except QueryError as error:
            problems.append(SavedQueueProblem(queue, error))
    return problems
