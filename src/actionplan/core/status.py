"""The status of one step occurrence at a moment: the single place it is computed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

Status = Literal["done_on_time", "done_late", "overdue", "at_risk", "due_soon", "on_track"]
STATUSES: tuple[Status, ...] = ("done_on_time", "done_late", "overdue", "at_risk", "due_soon", "on_track")
DUE_SOON_DAYS = 7


def status_of(
    due: datetime,
    completed_at: datetime | None,
    as_of: datetime,
    due_soon_days: int = DUE_SOON_DAYS,
    forecast_finish: datetime | None = None,
    forecast_late: bool = False,
) -> Status:
    """Classify an occurrence; all datetimes must be timezone-aware.

    A completion after ``as_of`` has not happened yet as seen from ``as_of``. ``forecast_finish``
    is the forecast's finish (``actionplan.core.leveling``): an open occurrence not yet due that
    the forecast finishes after its due is at risk, which says more than "due soon".
    ``forecast_late`` is the forecast's own verdict (``Planned.late``, what the review and the
    pages pass), which also covers work it sees never finishing (nobody with hours to do it).
    """
    if completed_at is not None and completed_at <= as_of:
        return "done_on_time" if completed_at <= due else "done_late"
    if as_of > due:
        return "overdue"
    if forecast_late or (forecast_finish is not None and forecast_finish > due):
        return "at_risk"
    if due - as_of <= timedelta(days=due_soon_days):
        return "due_soon"
    return "on_track"
