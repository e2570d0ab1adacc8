"""Why a goal was missed and what would close it, per section: written from the measured runs
(the raw figures under each table back every number quoted here). RESULTS.md shows a section's
text when one of its goals is missed (and always for economy and bulk load)."""

from __future__ import annotations

ANALYSIS: dict[str, str] = {
    "1. Startup": (
        "Why: both apps pay for Python and Textual; fstui then imports its API/store stack "
        "(httpx, pydantic models, diskcache: ~220 ms measured in isolation), Starlette and the "
        "sandbox (~85 ms), generates the 600 demo tickets (~50 ms), opens the cache, loads the "
        "mirror and parses rows into pydantic `Ticket`s before the queue can paint. None of it is "
        "slow on its own; together it is several times a static screen. What would close it: "
        "paint the first queue from a small pre-rendered snapshot of the last queue (rows as "
        "plain tuples in one cache entry) before importing httpx/pydantic/the sandbox; import "
        "the API stack and build the demo sandbox in the worker after the first paint; build "
        "queue rows from the mirror's dicts without validating every ticket through pydantic."
    ),
    "2. Large queues": (
        "See the note column: a goal missed here is a FastTable cost at that size "
        "(bench/table_bench.py measures the widget alone, outside the rest of the app)."
    ),
    "3. API economy": (
        "Where fstui spends more than the lower bound (credits per endpoint are in the raw "
        "figures). Since the 2026-11-24 run (212) the figure rose to 262 when a ticket's view "
        "began to embed its tags (the header shows them; the reference, line 894, leaves them "
        "out of a show unless included: 1 credit per open) and its requester on every first "
        "open; requesters embedded once are now kept whole (name, email, phones), so a ticket "
        "from My open's first-contact rows no longer pays to embed its requester again: 232. "
        "What is left: (a) tags on each of the 30 opens: 30 credits; (b) the outbox reads the "
        "ticket (1 credit) before every status change to detect a conflict: 10 credits, the "
        "price of never overwriting someone else's change; (c) the asset screens ask for "
        "include=type_fields (2-3 credits per call instead of 1) because the State column lives "
        "in type fields; fetching them only for the detail would save ~16; (d) the first load "
        "fills the mirror of every open ticket (13 filter pages) behind My open's one call, the "
        "price of every queue and count being local afterwards (refreshes then cost 3 credits "
        "each: 1 + 2 for include=stats, the first-response state the Due column needs); the "
        "requester directory is no longer paged (names come embedded). Against the naive "
        "client the ratio is bounded by how cheap that client is here: My open has ~55 "
        "tickets (2 pages), so even at the lower bound fstui would be ~3.5x cheaper, not 5x; "
        "the naive cost grows with queue size (every view re-reads every page) while fstui's "
        "refresh stays at 3 credits, so the 5x is reached on queues of a few hundred tickets."
    ),
    "4. Bulk load": (
        "Both sides are dominated by waiting, not work (processing is a few seconds). fstui "
        "reads open tickets through /tickets/filter, which serves 30 per page, so 3,000 tickets "
        "are 100 calls against the Starter list_tickets sub-limit of 40 a minute: about two "
        "windows of waiting. The naive loop makes as many calls but sleeps 3.6 s after each. "
        "What would make fstui faster still: when the account's whole history is small (the "
        "filter total says how many tickets exist), /tickets?per_page=100 reads 100 per call "
        "(30 calls, one window)."
    ),
    "5. Shared budget": (
        "See the raw figures: per-process steps and the credits of each 60 s window. A missed "
        "window limit would mean processes spent faster than the shared DiskBudgetStore allowed "
        "(the sliding log is conservative, so this should not happen); uneven progress comes "
        "from the budget being first come, first served between processes."
    ),
    "8. Terminal": (
        "Measured in tmux against the minimal app in the same run (raw figures below the table; "
        "bench/memory_probe.py for the in-process evidence). Both apps start from bytecode as "
        "installed apps do, and 'shown' is the first moment the screen's text is what it "
        "settles as: the dialog or tab the user can read (issue #18: within 100 ms). Since the "
        "last run (start 2.35x, blank 174 ms, RSS +80.3 MiB over 100 opens, on a slower "
        "machine): a start paints the queue as the last run left it (fstui/ui/first_frame.py, "
        "kept at quit) before it imports the queue screen and opens the session, and swaps in "
        "the live queue behind it with the keys typed meanwhile (0.99x). 'First key answered' "
        "says when the start answers: `/` typed at the first rows opens the filter once the "
        "live queue is in; most of its 532 ms (2.07x) is the demo's in-process sandbox being "
        "imported and built (~300 ms of Python on the same interpreter), which an account does "
        "not have. The RSS growth was closed ticket screens kept alive: the store's shared call "
        "(SingleFlight) started its task, and its done callback, in a copy of the asking "
        "worker's context, so each ticket closed while its read waited for budget stayed in "
        "memory with every widget; those calls now start in the app's context "
        "(tests/ui/test_closed_screens_freed.py). Most of what is left (+11.4 MiB of the 13.3 in "
        "the first 10 opens, then +1.9 over 90) is first-use cost: pymalloc arenas and heap "
        "left by the first screens' allocations (tracemalloc sees ~1.2 MiB live after the first "
        "open); the ticket screen's modules and the Ticket validator are now prepared 2 s "
        "after the queue is in, which also took the first open's paint from 88 to 60 ms. The "
        "minimal app's 37 MiB is Textual's Footer: each screen switch recomposes it, and every "
        "FooterKey's watcher on the footer's `compact` stays registered (144 after 10 opens), "
        "holding the old keys and what they drew; fstui's KeyBar does not recompose. Not "
        "looked into this round: `] next queue` (101 ms, 5.37x the minimal app's 20-row swap)."
    ),
}
