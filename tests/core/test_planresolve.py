"""Resolving a plan file: due dates of every occurrence, completions, goals and horizons."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import plan_files

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


# --- resolve_step_dues: the one computation the import and the web edit share ------------------

CAL = planresolve.build_calendar(planfile.load(HEAD, "p.yaml").organization)
START = datetime(2027, 3, 1).date()


def dues(**kw):
    args = {"due": None, "repeat": None, "times": None, "until": None, "horizon": None} | kw
    return planresolve.resolve_step_dues(start=START, cal=CAL, **args)


def test_step_dues_of_a_one_off_step_in_english_and_vietnamese():
    assert dues(due="end of month 3") == dues(due="cuối tháng thứ ba")
    (due,), warnings = dues(due="end of month 3")
    assert due == at(2027, 5, 31, 17) and warnings == ()


def test_step_dues_move_off_a_holiday_with_a_warning():
    (due,), warnings = dues(due="2027-09-02")  # National Day
    assert due.date().isoformat() == "2027-09-01"
    assert len(warnings) == 1


def test_step_dues_of_a_recurrence_and_its_bounds():
    found, _ = dues(repeat="monthly", due="end of month", times=3)
    assert [d.date().isoformat() for d in found] == ["2027-03-31", "2027-04-29", "2027-05-31"]
    horizon = at(2027, 6, 30, 17)
    assert len(dues(repeat="monthly", horizon=horizon)[0]) == 4
    assert dues(horizon=horizon) == ((horizon,), ())  # undated one-off: the horizon
    assert dues() == ((), ())


def test_step_dues_errors_name_the_field():
    with pytest.raises(planresolve.StepDuesError) as caught:
        dues(due="end of blorp")
    assert caught.value.field == "due" and "blorp" in caught.value.unknown_words
    assert caught.value.suggestions
    with pytest.raises(planresolve.StepDuesError) as caught:
        dues(repeat="monthly")  # nothing bounds it
    assert caught.value.field == "repeat"
    with pytest.raises(planresolve.StepDuesError) as caught:
        dues(repeat="weekly", times=2, until="blorp")
    assert caught.value.field == "until"


# -- the memory of resolved phrases --------------------------------------------------------------
# Steps with the same phrases from the same start resolve once; warnings and errors still name
# each step's own place. Resolving with a memory that keeps nothing must give the same result.


class _Forgetful(dict):
    def __setitem__(self, key: object, value: object) -> None:
        pass


class _NothingSeen(dict):
    def setdefault(self, key: object, default: object = None) -> dict:
        return _Forgetful()


def _outcome(plan: planfile.PlanFile, remember: bool) -> object:
    resolver = planresolve._Resolver(plan)
    if not remember:
        resolver._seen = _NothingSeen()
    try:
        resolved = resolver.run()
    except PlanFileError as exc:
        return [str(e) for e in exc.errors]
    return (
        resolved.due,
        resolved.completed,
        resolved.goal_due,
        resolved.horizon,
        [str(w) for w in resolved.warnings],
    )


_DUES = [
    "2027-03-06",  # a Saturday: moved, with a warning
    "2027-03-07",  # a Sunday
    "2027-03-10",
    "2027-04-30",  # Reunification Day
    "end of month 2",
    "+10 days",
    "end of month 900",  # after the last plan date: an error
    "cuối tháng thứ ba",
]
_REPEATS = ["weekly", "monthly", "every 2 weeks", "hàng tháng", "quarterly"]


@st.composite
def _resolve_plans(draw: st.DrawFn) -> str:
    lines = [HEAD.split("      - id: p\n")[0].rstrip("\n")]
    for plan_id in ("p", "q"):
        lines += [f"      - id: {plan_id}", "        title: P", "        responsible: lan"]
        if draw(st.booleans()):
            lines.append(f"        start: {draw(st.sampled_from(['2027-03-06', '2027-04-01']))}")
        lines.append("        steps:")
        for n in range(draw(st.integers(1, 6))):
            entries = [f"id: s{n}", "title: T"]
            repeat = draw(st.sampled_from([None, None, *_REPEATS]))
            if repeat:
                entries.append(f"repeat: {repeat}")
                bound = draw(
                    st.sampled_from(
                        ["", "times: 2", "times: 40", "until: end of month 2", "until: end of month 3"]
                    )
                )
                entries += [bound] if bound else []
                if draw(st.booleans()):
                    entries.append(f"due: {draw(st.sampled_from(['end of week', 'end of month']))}")
                if draw(st.booleans()):
                    entries.append("done: {1: 2027-03-05, 3: 2027-05-01 10:00}")
            else:
                if draw(st.integers(0, 3)):
                    entries.append(f"due: {draw(st.sampled_from(_DUES))}")
                if draw(st.booleans()):
                    entries.append(f"done: {draw(st.sampled_from(['2027-03-06', '2027-03-08 09:30']))}")
            lines.append(f"          - {{{', '.join(entries)}}}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_resolve_plans())
@example(
    HEAD
    + "          - {id: a, title: A, repeat: weekly, until: end of month 2}\n"
    + "          - {id: b, title: B, repeat: weekly}\n"
    + "          - {id: c, title: C, repeat: weekly, times: 2}\n"
    + "          - {id: d, title: D, due: 2027-03-06}\n          - {id: e, title: E, due: 2027-03-06}\n"
)
def test_resolving_each_step_afresh_gives_the_same_result(text):
    plan = planfile.load(text, "p.yaml")
    assert _outcome(plan, remember=True) == _outcome(plan, remember=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_files())
def test_resolving_generated_plans_afresh_gives_the_same_result(plan):
    located = planfile.load(planfile.dump(plan), "g.yaml")
    assert _outcome(located, remember=True) == _outcome(located, remember=False)
