"""The forecast's rules, one example each (tests/core/test_leveling_properties.py checks them in general)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from leveling_cases import MONDAY, at, cob, situation, work

from actionplan.core.leveling.conflicts import conflicts
from actionplan.core.leveling.demand import workload
from actionplan.core.leveling.model import Team, Vendor
from actionplan.core.leveling.overload import overload_summary, overloads
from actionplan.core.leveling.report import forecast_json
from actionplan.core.leveling.schedule import forecast
from actionplan.core.leveling.suggest import apply, suggest, suggestion_message

TUE, WED, THU, FRI = (MONDAY + timedelta(days=d) for d in (1, 2, 3, 4))
NEXT_MONDAY = MONDAY + timedelta(days=7)


def planned(sit):  # noqa: ANN001, ANN201
    return forecast(sit).by_ref()


def test_one_step_uses_business_hours_and_skips_lunch():
    p = planned(situation(work("a", "lan", 6, FRI)))["a"]
    assert p.start == at(MONDAY, 8)
    assert p.finish == at(MONDAY, 15)  # 4 h before lunch, 2 h after
    assert not p.late


def test_a_full_day_finishes_at_close_of_business_not_next_morning():
    assert planned(situation(work("a", "lan", 8, FRI)))["a"].finish == cob(MONDAY)


def test_priority_then_due_then_plan_order():
    sit = situation(
        work("low", "lan", 8, MONDAY, priority="low", position=1),
        work("late-due", "lan", 8, FRI, position=2),
        work("early-due", "lan", 8, THU, position=3),
        work("critical", "lan", 8, FRI, priority="critical", position=4),
    )
    result = planned(sit)
    finishes = sorted(result, key=lambda ref: result[ref].finish)
    assert finishes == ["critical", "early-due", "late-due", "low"]
    assert result["low"].late  # due Monday, done Thursday


def test_more_urgent_work_takes_over_when_it_becomes_ready():
    sit = situation(
        work("normal", "lan", 16, FRI),
        work("urgent", "lan", 4, FRI, priority="critical", earliest=at(MONDAY, 10)),
    )
    result = planned(sit)
    assert result["urgent"].start == at(MONDAY, 10)
    assert result["urgent"].finish == at(MONDAY, 15)
    assert result["normal"].finish == at(WED, 12)  # 16 h of work plus the 4 h it waited


def test_after_waits_for_the_other_occurrence_even_of_someone_else():
    sit = situation(
        work("write", "lan", 12, FRI),
        work("print", "minh", 2, FRI, after=("write",)),
        people=("lan", "minh"),
    )
    result = planned(sit)
    assert result["write"].finish == at(TUE, 12)
    assert result["print"].start == at(TUE, 13)
    assert result["print"].finish == at(TUE, 15)


def test_work_that_urgent_work_waits_for_is_as_urgent():
    sit = situation(
        work("mine", "lan", 16, FRI, priority="high", position=1),
        work("blocker", "lan", 4, FRI, priority="low", position=2),
        work("launch", "minh", 4, TUE, priority="critical", after=("blocker",), position=3),
        people=("lan", "minh"),
    )
    result = planned(sit)
    assert result["blocker"].finish == at(MONDAY, 12)  # first, although low: critical work waits on it
    assert result["launch"].finish == at(MONDAY, 17)
    assert not result["launch"].late


def test_part_time_person_works_a_share_of_each_hour():
    result = planned(situation(work("a", "lan", 8, FRI), capacity={"lan": 20.0}))
    assert result["a"].finish == cob(TUE)
    assert forecast(situation(work("a", "lan", 8, FRI), capacity={"lan": 20.0})).hours["lan"] == {
        MONDAY: 4.0,
        TUE: 4.0,
    }


def test_no_hours_on_time_off():
    sit = situation(work("a", "lan", 16, FRI), time_off={"lan": ((TUE, WED),)})
    result = forecast(sit)
    assert result.by_ref()["a"].finish == cob(THU)
    assert result.hours["lan"] == {MONDAY: 8.0, THU: 8.0}


def test_team_step_goes_to_the_member_who_finishes_first():
    team = Team(id="ops", name="Ops", members=("lan", "minh"))
    sit = situation(
        work("busy", "lan", 16, FRI),
        work("shared", "ops", 4, FRI),
        people=("lan", "minh"),
        teams=(team,),
    )
    result = planned(sit)
    assert result["shared"].responsible == "minh"
    assert result["shared"].finish == at(MONDAY, 12)


def test_vendor_finishes_at_due_or_after_its_lead_time():
    sit = situation(
        work("print", "press", 20, THU),
        work("film", "press", 20, THU, lead_time_days=2),
        vendors=(Vendor(id="press", name="Press"),),
    )
    result = forecast(sit)
    by_ref = result.by_ref()
    assert by_ref["print"].finish == cob(THU)
    assert by_ref["film"].finish == cob(WED)  # two working days after Monday
    assert result.hours.get("press") is None


def test_done_work_takes_no_time_and_frees_what_comes_after():
    sit = situation(work("a", "lan", 40, FRI, done=True), work("b", "lan", 4, FRI, after=("a",)))
    result = planned(sit)
    assert result["a"].finish is None and not result["a"].late
    assert result["b"].finish == at(MONDAY, 12)


def test_remaining_effort_is_what_is_planned():
    assert planned(situation(work("a", "lan", 16, FRI, remaining=4.0)))["a"].finish == at(MONDAY, 12)


def test_nothing_starts_before_the_as_of_time():
    sit = situation(work("a", "lan", 4, FRI), as_of=at(WED, 14))
    assert planned(sit)["a"].start == at(WED, 14)
    assert planned(sit)["a"].finish == at(THU, 9)


def test_weeks_capacity_demand_planned():
    sit = situation(work("a", "lan", 60, NEXT_MONDAY + timedelta(days=4)), time_off={"lan": ((FRI, FRI),)})
    weeks = workload(sit, forecast(sit))["lan"]
    assert [w.week for w in weeks] == ["2027-W09", "2027-W10"]
    assert [w.capacity for w in weeks] == [32.0, 40.0]
    assert [w.demand for w in weeks] == [30.0, 30.0]  # spread over 80 business hours
    assert [w.planned for w in weeks] == [32.0, 28.0]


def test_team_row_pools_members():
    team = Team(id="ops", name="Ops", members=("lan", "minh"))
    sit = situation(
        work("a", "ops", 20, FRI), work("b", "lan", 10, FRI), people=("lan", "minh"), teams=(team,)
    )
    row = workload(sit, forecast(sit), weeks=1)["ops"][0]
    assert (row.capacity, row.demand, row.planned) == (80.0, 30.0, 30.0)


def overloaded():  # noqa: ANN201
    return situation(
        work("ads", "lan", 30, FRI, strategy="s", priority="high"),
        work("emails", "lan", 30, FRI, strategy="t"),
        work("calls", "minh", 4, FRI, strategy="t"),
        people=("lan", "minh"),
    )


def test_overload_names_the_person_and_both_strategies():
    sit = overloaded()
    found = overloads(sit, forecast(sit))
    assert [(o.party, o.weeks, o.percent, o.strategies) for o in found] == [
        ("lan", ("2027-W09",), 150, ("s", "t"))
    ]
    assert found[0].split
    text = overload_summary(found[0]).render()
    assert text == "Lan: Marketing + Customer service, 150 % of capacity in week 9"


def test_conflicts_are_the_more_urgent_work_of_the_same_person():
    sit = overloaded()
    result = forecast(sit)
    assert result.by_ref()["emails"].late
    assert conflicts(sit, result, "emails") == ("ads",)
    assert conflicts(sit, result, "ads") == ()


def test_suggestion_reassigns_to_someone_with_room_and_its_effect_is_exact():
    sit = overloaded()
    result = forecast(sit)
    ideas = suggest(sit, result)
    assert ideas, "an overloaded person with a free colleague must get a suggestion"
    first = ideas[0]
    assert (first.kind, first.ref, first.target) == ("reassign", "emails", "minh")
    assert (first.late_before, first.late_after) == (1, 0)
    after = forecast(apply(sit, first))
    assert after.late_count == first.late_after
    assert after.latest_finish == first.finish_after
    assert overloads(apply(sit, first), after) == ()
    assert suggestion_message(first, sit).render() == "Reassign “emails” to Minh"


def test_suggestion_ids_change_when_the_data_does():
    sit = overloaded()
    first = suggest(sit, forecast(sit))[0]
    changed = sit.with_work("calls", effort=5.0)
    assert first.id not in {s.id for s in suggest(changed, forecast(changed))}
    assert first.id in {s.id for s in suggest(sit, forecast(sit))}


def test_move_due_is_the_last_resort():
    sit = situation(work("a", "lan", 16, MONDAY))
    ideas = suggest(sit, forecast(sit))
    assert [(s.kind, s.target, s.late_before, s.late_after) for s in ideas] == [
        ("move_due", cob(TUE).isoformat(), 1, 0)
    ]
    assert suggestion_message(ideas[0], sit).render() == "Move the due of “a” to 2027-03-02"


def test_json_shape():
    sit = overloaded()
    result = forecast(sit)
    data = forecast_json(sit, result, overloads=overloads(sit, result), suggestions=suggest(sit, result))
    assert set(data) == {"as_of", "occurrences", "people", "overloads", "suggestions"}
    occ = data["occurrences"][0]
    assert {"ref", "responsible", "effort_hours", "due", "forecast_start", "forecast_finish", "late"} <= set(
        occ
    )
    assert occ["forecast_start"] == "2027-03-01T08:00:00+07:00"
    week = data["people"][0]["weeks"][0]
    assert set(week) == {"week", "capacity_hours", "demand_hours", "planned_hours"}
    assert week["week"] == "2027-W09"


@pytest.mark.parametrize("lang,expected", [("en", "weeks 3–6, 9"), ("vi", "tuần 3–6, 9")])
def test_week_spans(lang, expected):  # noqa: ANN001
    from actionplan.core.leveling.overload import WeekSpan

    weeks = ("2027-W03", "2027-W04", "2027-W05", "2027-W06", "2027-W09")
    assert WeekSpan(weeks).localize(lang) == expected
    assert WeekSpan(("2027-W52", "2028-W01")).localize("en") == "weeks 52/2027, 1/2028"
    assert WeekSpan(("2027-W52", "2027-W53")).localize("vi") == "tuần 52–53"


def test_a_budget_bounds_the_trial_forecasts():
    sit = overloaded()
    result = forecast(sit)
    assert suggest(sit, result, budget=0) == ()
    assert suggest(sit, result, budget=len(sit.work) - 1) == ()
    one = suggest(sit, result, budget=len(sit.work))
    assert [s.kind for s in one] == ["reassign"]  # the first change tried worked


def test_someone_with_no_hours_never_finishes_and_a_team_avoids_them():
    team = Team(id="ops", name="Ops", members=("lan", "minh"))
    sit = situation(
        work("a", "lan", 4, FRI),
        work("b", "ops", 4, FRI),
        people=("lan", "minh"),
        teams=(team,),
        capacity={"lan": 0.0},
    )
    result = planned(sit)
    assert result["a"].finish is None and result["a"].late
    assert result["b"].responsible == "minh" and not result["b"].late


def test_decades_of_backlog_never_finish_instead_of_failing():
    sit = situation(work("huge", "lan", 1_000_000, FRI), work("small", "lan", 4, THU, priority="high"))
    result = forecast(sit)
    assert result.by_ref()["huge"].finish is None and result.by_ref()["huge"].late
    assert result.by_ref()["small"].finish == at(MONDAY, 12)
    assert workload(sit, result, weeks=2)["lan"][0].planned == 40.0
    assert overloads(sit, result)


def test_a_lead_time_counts_from_the_day_work_starts_however_far_the_line_was_built():
    # Close of business on Friday is the same point of the line as Monday 08:00. Ready there, a
    # vendor's 3 business days are Tuesday, Wednesday and Thursday: whether or not the weekend
    # after it was already on the line (Hypothesis found the two disagreeing).
    from leveling_cases import CAL

    from actionplan.core.leveling.clock import Clock

    friday = 4  # days after MONDAY
    short, long_ = Clock(CAL, MONDAY), Clock(CAL, MONDAY)
    short.day_hours(friday)  # the line ends at Friday's close
    long_.day_hours(friday + 30)
    x = short.cum[-1]
    assert x == long_.day_start(friday + 3)  # Friday's close is Monday's opening
    thursday = friday + 3 + 3
    assert short.add_working_days(x, 3) == long_.add_working_days(x, 3) == long_.day_start(thursday + 1)
    assert short.index_of(x) == long_.index_of(x) == friday + 3
