"""status_of: the one place an occurrence's status is computed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan.core.status import STATUSES, status_of

ICT = timezone(timedelta(hours=7))
DUE = datetime(2027, 3, 12, 17, 0, tzinfo=ICT)


@pytest.mark.parametrize(
    ("completed", "as_of", "expected"),
    [
        (DUE - timedelta(days=1), DUE + timedelta(days=30), "done_on_time"),
        (DUE, DUE, "done_on_time"),  # exactly at the due moment is on time
        (DUE + timedelta(seconds=1), DUE + timedelta(days=1), "done_late"),
        (None, DUE + timedelta(seconds=1), "overdue"),
        (None, DUE, "due_soon"),
        (None, DUE - timedelta(days=7), "due_soon"),
        (None, DUE - timedelta(days=7, seconds=1), "on_track"),
        # a completion after as-of has not happened yet, seen from as-of
        (DUE - timedelta(days=1), DUE - timedelta(days=2), "due_soon"),
        (DUE + timedelta(days=2), DUE + timedelta(days=1), "overdue"),
    ],
)
def test_examples(completed, as_of, expected):
    assert status_of(DUE, completed, as_of) == expected


def test_zones_do_not_matter():
    as_of_utc = datetime(2027, 3, 12, 10, 0, 1, tzinfo=UTC)  # 17:00:01 in Ho Chi Minh City
    assert status_of(DUE, None, as_of_utc) == "overdue"


@pytest.mark.parametrize(
    ("completed", "as_of", "finish", "expected"),
    [
        (None, DUE - timedelta(days=30), DUE + timedelta(hours=1), "at_risk"),  # wins over on_track
        (None, DUE - timedelta(days=1), DUE + timedelta(seconds=1), "at_risk"),  # and over due_soon
        (None, DUE, DUE + timedelta(days=1), "at_risk"),  # still not due at the due moment
        (None, DUE - timedelta(days=1), DUE, "due_soon"),  # finishing at the due is in time
        (None, DUE - timedelta(days=30), DUE - timedelta(days=3), "on_track"),
        (None, DUE + timedelta(seconds=1), DUE + timedelta(days=2), "overdue"),  # past due: overdue
        (DUE - timedelta(days=1), DUE, DUE + timedelta(days=5), "done_on_time"),  # done: the forecast is moot
    ],
)
def test_at_risk_is_open_not_yet_due_and_forecast_after_due(completed, as_of, finish, expected):
    assert status_of(DUE, completed, as_of, forecast_finish=finish) == expected


def test_without_a_forecast_nothing_is_at_risk():
    assert status_of(DUE, None, DUE - timedelta(days=1)) == "due_soon"


def test_work_the_forecast_sees_never_finishing_is_at_risk_until_it_is_due():
    # Nobody with hours holds it: the forecast has no finish, but says it is late.
    assert status_of(DUE, None, DUE - timedelta(days=30), forecast_late=True) == "at_risk"
    assert status_of(DUE, None, DUE - timedelta(days=1), forecast_late=True) == "at_risk"
    assert status_of(DUE, None, DUE + timedelta(hours=1), forecast_late=True) == "overdue"
    assert status_of(DUE, DUE - timedelta(days=1), DUE, forecast_late=True) == "done_on_time"


def test_due_soon_window_is_a_parameter():
    assert status_of(DUE, None, DUE - timedelta(days=2), due_soon_days=1) == "on_track"
    assert status_of(DUE, None, DUE - timedelta(days=2), due_soon_days=3) == "due_soon"


moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
)


@given(
    due=moments, completed=st.none() | moments, as_of=moments, finish=st.none() | moments, late=st.booleans()
)
def test_always_one_of_the_statuses(due, completed, as_of, finish, late):
    status = status_of(due, completed, as_of, forecast_finish=finish, forecast_late=late)
    assert status in STATUSES
    done = completed is not None and completed <= as_of
    assert status.startswith("done") == done
    if done:
        assert (status == "done_on_time") == (completed <= due)
    else:
        assert (status == "overdue") == (as_of > due)
        forecast_late = late or (finish is not None and finish > due)
        assert (status == "at_risk") == (as_of <= due and forecast_late)


@given(due=moments, as_of=moments, later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_open_occurrences_only_get_worse_with_time(due, as_of, later):
    order = ["on_track", "due_soon", "overdue"]
    assert order.index(status_of(due, None, as_of)) <= order.index(status_of(due, None, as_of + later))
