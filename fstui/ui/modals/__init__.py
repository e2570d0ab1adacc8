"""Every modal of the UI in one room: confirm, picker, prompt, the two forms, bulk progress.

A modal asks one question and dismisses with the answer; it knows no screen and no store.
"""

from fstui.ui.modals.bulk_progress import BulkProgressScreen, BulkResult
from fstui.ui.modals.confirm import ConfirmScreen
from fstui.ui.modals.picker import Choice, PickerScreen
from fstui.ui.modals.prompt import PromptScreen
from fstui.ui.modals.task_form import TaskForm
from fstui.ui.modals.time_entry_form import TimeEntryForm

__all__ = [
    "BulkProgressScreen",
    "BulkResult",
    "Choice",
    "ConfirmScreen",
    "PickerScreen",
    "PromptScreen",
    "TaskForm",
    "TimeEntryForm",
]
