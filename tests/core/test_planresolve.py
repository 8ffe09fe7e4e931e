"""Resolving a plan file: due dates of every occurrence, completions, goals and horizons."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from actionplan.core import planfile, planresolve
from actionplan.core.planfile import PlanFileError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
HEAD = """\
version: 1
organization:
  id: x
  name: X
  calendar: {work_week: mon-sat, hours: {default: "08:00-12:00, 13:00-17:00", sat: "08:00-12:00"}}
people:
  - {id: lan, name: Lan}
strategies:
  - id: s
    title: S
    start: 2027-03-01
    horizon: end of month 6
    goals:
      - {id: g, title: G, due: end of month 3}
    action_plans:
      - id: p
        title: P
        responsible: lan
        steps:
"""


def resolve(steps: str) -> planresolve.ResolvedPlan:
    return planresolve.resolve_plan(planfile.load(HEAD + steps, "p.yaml"))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=HCM)


def test_calendar_uses_per_weekday_hours():
    cal = planresolve.build_calendar(planfile.load(HEAD).organization)
    assert cal.work_week == frozenset(range(6))
    assert cal.hours[5] == ((time(8), time(12)),)
    assert cal.hours[6] == ()  # Sunday is not worked and has no hours of its own
    assert cal.holidays == "VN"


def test_one_off_step_due_and_horizon_and_goal():
    resolved = resolve(
        "          - {id: a, title: A, due: end of week 2 of month 1}\n          - {id: b, title: B}\n"
    )
    assert resolved.due["s/p/a"] == (at(2027, 3, 13, 12),)  # a Saturday: closes at noon
    assert resolved.horizon["s"] == at(2027, 8, 31, 17)
    assert resolved.due["s/p/b"] == (resolved.horizon["s"],)  # no due: the strategy's horizon
    assert resolved.goal_due["s/g"] == at(2027, 5, 31, 17)


def test_plan_start_overrides_strategy_start():
    text = HEAD.replace("        responsible: lan\n", "        responsible: lan\n        start: 2027-04-01\n")
    plan = planfile.load(text + "          - {id: a, title: A, due: end of month 1}\n")
    assert planresolve.resolve_plan(plan).due["s/p/a"] == (at(2027, 4, 29, 17),)  # 30/4 is a holiday


def test_recurring_steps_times_until_and_horizon():
    resolved = resolve(
        "          - {id: m, title: M, repeat: monthly, times: 6, due: end of month}\n"
        "          - {id: w, title: W, repeat: weekly, until: end of month 1}\n"
        "          - {id: r, title: R, repeat: regularly}\n"
    )
    assert len(resolved.due["s/p/m"]) == 6
    assert resolved.due["s/p/m"][0] == at(2027, 3, 31, 17)
    assert all(d <= at(2027, 3, 31, 17) for d in resolved.due["s/p/w"])
    assert len(resolved.due["s/p/w"]) == 4
    assert resolved.due["s/p/r"][-1] <= resolved.horizon["s"]  # bounded by the strategy horizon
    assert len(resolved.due["s/p/r"]) > 20


def test_done_dates_mean_close_of_business_and_datetimes_the_org_zone():
    resolved = resolve(
        "          - {id: a, title: A, due: end of month 1, done: 2027-03-06}\n"
        "          - {id: b, title: B, due: end of month 1, done: 2027-03-05 09:15}\n"
        "          - {id: c, title: C, due: end of month 1, done: 2027-03-07}\n"
        "          - {id: m, title: M, repeat: monthly, times: 3, done: {2: 2027-04-29}}\n"
    )
    assert resolved.completed["s/p/a"] == {1: at(2027, 3, 6, 12)}  # Saturday hours
    assert resolved.completed["s/p/b"] == {1: at(2027, 3, 5, 9, 15)}
    assert resolved.completed["s/p/c"] == {1: at(2027, 3, 7, 17)}  # a Sunday: the usual close
    assert resolved.completed["s/p/m"] == {2: at(2027, 4, 29, 17)}


def test_done_beyond_the_occurrences_is_a_located_error():
    with pytest.raises(PlanFileError) as caught:
        resolve(
            "          - id: m\n            title: M\n            repeat: monthly\n            times: 2\n"
            "            done:\n              3: 2027-05-31\n"
        )
    assert [str(e) for e in caught.value.errors] == [
        "p.yaml:25:18: occurrence 3 is marked done, but this step has only 2"
    ]


def test_resolution_errors_are_located_at_the_phrase():
    with pytest.raises(PlanFileError) as caught:
        resolve("          - {id: m, title: M, repeat: weekly, due: end of month, times: 2}\n")
    (error,) = caught.value.errors
    assert str(error).startswith("p.yaml:20:39: ")  # at the repeat


def test_warnings_are_located():
    resolved = resolve("          - {id: a, title: A, due: 2027-09-02}\n")  # Vietnam's National Day
    assert resolved.due["s/p/a"][0].date().isoformat() == "2027-09-01"
    assert [str(w).split(": ")[0] for w in resolved.warnings] == ["p.yaml:20:36"]
