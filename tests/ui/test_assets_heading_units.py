"""The asset heading's words without a screen: one count wording, whose assets, which query."""

from __future__ import annotations

from fstui.store.asset_listing import Listing, parse_search
from fstui.store.assets import TypeCount
from fstui.ui.screens.assets.heading import Counts, count_words, heading, query_user


def test_every_count_reads_shown_of_total() -> None:
    # the list API gave a total (a type or a query)
    assert count_words(Counts(60, 60, True, 1107), filtered=False) == "60 of 1107 assets"
    # no total from the list: the type tree's count, exact
    whole = Counts(100, 100, True, None, TypeCount(266))
    assert count_words(whole, filtered=False) == "100 of 266 assets"
    # nobody knows the total yet: what is known so far, with a +
    assert count_words(Counts(100, 100, True), filtered=False) == "100 of 100+ assets"
    # everything loaded: the loaded rows are the total, whatever a stale count said
    done = Counts(18, 18, False, None, TypeCount(20))
    assert count_words(done, filtered=False) == "18 of 18 assets"


def test_slash_counts_say_what_they_looked_at() -> None:
    partial = Counts(100, 7, True, None, TypeCount(266))
    assert count_words(partial, filtered=True) == "7 of 266 assets (/ in 100 loaded)"
    assert count_words(Counts(18, 3, False), filtered=True) == "3 of 18 assets"


def test_a_requester_query_names_the_person_and_any_other_query_shows_itself() -> None:
    assert query_user("user_id:21000060242") == 21000060242
    assert query_user("user_id:5 AND asset_state:'In Use'") is None
    assert query_user("asset_state:'In Use'") is None
    mine = heading(
        "All assets",
        Counts(0, 0, False),
        Listing(query="user_id:5"),
        filtered=False,
        user_name="Sarah Anderson",
    )
    assert mine.plain == "All assets  0 of 0 assets  used by Sarah Anderson"
    typed = Listing(query="asset_state:'In Stock'", search=parse_search("tag:ASSET-1"))
    shown = heading("Laptop", Counts(3, 3, False), typed, filtered=False, fetching=True)
    assert shown.plain == (
        "Laptop  3 of 3 assets  loading…  query asset_state:'In Stock'  search: tag ~ ASSET-1"
    )


def test_names_and_queries_from_the_account_are_sanitised() -> None:
    evil = Listing(query="user_id:5")
    shown = heading(
        "Type\x1b[31m", Counts(1, 1, False), evil, filtered=False, user_name="[bold]Eve\u202e"
    )
    assert "\x1b" not in shown.plain and "\u202e" not in shown.plain
    assert "used by [bold]Eve" in shown.plain, "markup in a name is shown, never applied"
