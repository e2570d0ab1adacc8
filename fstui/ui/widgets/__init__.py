"""Generic widgets, used by more than one screen and knowing none of them."""

from fstui.ui.widgets.fast_table import Column, FastTable
from fstui.ui.widgets.status_bar import StatusBar

__all__ = ["Column", "FastTable", "StatusBar"]
