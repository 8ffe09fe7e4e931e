"""Completion times in a plan file: every ISO 8601 form reads as the moment it names.

A naive time is the organization's local time (as before); a time with `Z` or an offset is a
precise moment, converted to the organization's zone when the plan is resolved; the product's own
JSON output (`isoformat()`) is valid input.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan.core import planfile
from actionplan.core.planfile_schema import _WHEN
from actionplan.core.planfile_values import parse_moment
from actionplan.core.planresolve import resolve_plan as resolve
from tests.core.strategies import OFFSETS

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
INSTANTS = st.datetimes(
    min_value=datetime(2001, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.just(UTC)
)


def _offset(moment: datetime, style: str) -> str:
    delta = moment.utcoffset()
    assert delta is not None
    if delta == timedelta(0) and style == "Z":
        return "Z"
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    hh, mm = divmod(minutes, 60)
    if style == "basic":
        return f"{sign}{hh:02d}{mm:02d}"
    if style == "hours" and mm == 0:
        return f"{sign}{hh:02d}"
    return f"{sign}{hh:02d}:{mm:02d}"


@st.composite
def written(draw: st.DrawFn) -> tuple[datetime, str]:
    """(an instant, one ISO 8601 text of it in some offset and some form)."""
    instant = draw(INSTANTS)
    local = instant.astimezone(draw(OFFSETS))
    day_form = draw(st.sampled_from(["extended", "basic", "week", "ordinal"]))
    d = local.date()
    if day_form == "extended":
        day = d.isoformat()
    elif day_form == "basic":
        day = d.strftime("%Y%m%d")
    elif day_form == "week":
        y, w, wd = d.isocalendar()
        day = f"{y:04d}-W{w:02d}-{wd}" if draw(st.booleans()) else f"{y:04d}W{w:02d}{wd}"
    else:
        day = f"{d.year:04d}-{d.timetuple().tm_yday:03d}"
    basic = draw(st.booleans())
    sep = "" if basic else ":"
    clock = f"{local.hour:02d}{sep}{local.minute:02d}{sep}{local.second:02d}"
    if local.microsecond:
        clock += draw(st.sampled_from([".", ","])) + f"{local.microsecond:06d}"
    zone = _offset(local, draw(st.sampled_from(["Z", "extended", "basic", "hours"])))
    return instant, day + draw(st.sampled_from(["T", " ", "t"])) + clock + zone


@given(written())
def test_every_iso_form_reads_as_the_same_instant(case):
    instant, text = case
    moment = parse_moment(text)
    assert isinstance(moment, datetime) and moment.tzinfo is not None, text
    assert moment == instant, text
    assert re.match(_WHEN, text), text  # the JSON Schema accepts what the reader takes


@given(INSTANTS, OFFSETS)
def test_the_products_own_json_output_is_valid_input(instant, offset):
    text = instant.astimezone(offset).isoformat()
    assert parse_moment(text) == instant
    assert parse_moment(instant.isoformat().replace("+00:00", "Z")) == instant


@given(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)))
def test_a_naive_time_stays_naive(moment):
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    text = moment.isoformat(sep=" ")
    assert parse_moment(text) == moment
    assert parse_moment(text).tzinfo is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-04-06", date(2027, 4, 6)),
        ("06/04/2027", date(2027, 4, 6)),
        ("2027-096", date(2027, 4, 6)),
        ("2027-W14-2", date(2027, 4, 6)),
        ("2027-04-06 14:30", datetime(2027, 4, 6, 14, 30)),
        ("06/04/2027 14:30", datetime(2027, 4, 6, 14, 30)),
        ("2027-04-06T10.5", datetime(2027, 4, 6, 10, 30)),
        ("2027-04-06T10:30.5", datetime(2027, 4, 6, 10, 30, 30)),
        ("2027-04-06T24:00", datetime(2027, 4, 7)),
        ("2027-04-06T10:00:00+07:00", datetime(2027, 4, 6, 3, tzinfo=UTC)),
        ("2027-04-06T03:00:00Z", datetime(2027, 4, 6, 3, tzinfo=UTC)),
        ("2027-04-06T10:00-0530", datetime(2027, 4, 6, 15, 30, tzinfo=UTC)),
    ],
)
def test_forms(text, expected):
    assert parse_moment(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2027-02-30", "2027-04-06T25:00", "2027-04-06T24:01", "2027-04-06T10:60", "2027-04-06T10:00+24:00",
     "2027-04-06T10:00Z+07:00", "2027-366", "2027-W54-1", "2027-04-06x10:00", "2027-04-06T", "tomorrow"],
)  # fmt: skip
def test_not_moments(text):
    assert parse_moment(text) is None


PLAN = """\
version: 1
organization: {{id: acme, name: Acme, timezone: Asia/Ho_Chi_Minh}}
people:
  - {{id: lan, name: Lan}}
strategies:
  - id: s
    title: S
    start: 2027-03-01
    action_plans:
      - id: p
        title: P
        responsible: lan
        steps:
          - {{id: a, title: A, due: 2027-04-30, done: '{done}'}}
          - id: b
            title: B
            repeat: monthly
            times: 2
            due: end of month
            done: {{1: '{first}', 2: '{second}'}}
"""


@given(written(), written(), written())
def test_a_plan_files_done_times_resolve_to_the_instant_in_the_organizations_zone(a, b, c):
    text = PLAN.format(done=a[1], first=b[1], second=c[1])
    resolved = resolve(planfile.load(text, "p.yaml"))
    assert resolved.completed["s/p/a"][1] == a[0]
    assert resolved.completed["s/p/b"] == {1: b[0], 2: c[0]}
    for moments in resolved.completed.values():
        for moment in moments.values():
            assert moment.tzinfo is not None and moment.utcoffset() == timedelta(hours=7)


def test_a_naive_done_time_is_the_organizations_local_time():
    text = PLAN.format(done="2027-04-06 10:00", first="2027-03-31", second="2027-04-30T10:00Z")
    resolved = resolve(planfile.load(text, "p.yaml"))
    assert resolved.completed["s/p/a"][1] == datetime(2027, 4, 6, 10, tzinfo=HCM)
    assert resolved.completed["s/p/b"][2] == datetime(2027, 4, 30, 17, tzinfo=HCM)


def test_a_wrong_done_time_is_located_and_worded():
    text = PLAN.format(done="2027-04-06T10:00+07:00", first="2027-03-31T10:00+7", second="2027-04-30")
    with pytest.raises(planfile.PlanFileError) as caught:
        planfile.load(text, "p.yaml")
    (error,) = [str(e) for e in caught.value.errors]
    assert error.startswith("p.yaml:20:23: expected a date like 2027-03-01, a date and time like ")
    assert "'2027-03-31T10:00+7'" in error


@given(written())
def test_dump_writes_a_moment_with_its_offset_that_reads_back_the_same(case):
    instant, _text = case
    moment = instant.astimezone(timezone(timedelta(hours=-3)))
    text = PLAN.format(done=moment.isoformat(), first="2027-03-31", second="2027-04-30")
    plan = planfile.load(text, "p.yaml")
    again = planfile.load(planfile.dump(plan), "p.yaml")
    assert again.strategies[0].action_plans[0].steps[0].done == ((1, instant),)
