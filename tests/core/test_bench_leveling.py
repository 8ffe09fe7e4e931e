"""The pure helpers of bench/bench_leveling.py: sizes, dues, late and finish, hours checks, tj3 bookings.

No tj3 and no subprocess here: the bench itself runs them (`make bench-leveling`).
"""

import json
from datetime import UTC, date, datetime, timedelta

import bench_leveling as bl  # bench/ is on pytest's pythonpath
import genplan  # bench/genplan.py, vendored from the shared harness
import pytest

from actionplan.core import planfile, planresolve

START = date(2027, 1, 4)


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_sizes_parse_and_bad_ones_are_refused():
    assert bl.parse_sizes(bl.DEFAULT_SIZES) == [(1000, 40), (5000, 200)]
    assert bl.parse_sizes(" 40:3 ") == [(40, 3)]
    for bad in ("1000", "1000:", "a:b", "0:4", "1000:40;5000:200"):
        with pytest.raises(ValueError, match="STEPS:PEOPLE"):
            bl.parse_sizes(bad)


def test_a_due_date_alone_is_close_of_business_utc():
    data = {
        "steps": [
            {"ref": "bench/ap1/t1", "due": "2027-02-19"},
            {"ref": "bench/ap1/t2", "due": "2027-02-19T10:30:00+07:00"},
        ]
    }
    dues = bl.dues_from_genplan(data)
    assert dues["bench/ap1/t1"] == utc("2027-02-19T17:00")
    assert dues["bench/ap1/t2"] == utc("2027-02-19T03:30")


def test_the_bench_dues_are_the_ones_our_plan_file_resolves(tmp_path):
    # The bench judges tj3's finishes against these dues, so they must be what ours resolves to.
    plans = genplan.build(60, 4, 1, START, 0.3)
    genplan.write_yaml(tmp_path / "p.yaml", plans, 4, START)
    genplan.write_json(tmp_path / "p.json", plans, 4, START)
    dues = bl.dues_from_genplan(json.loads((tmp_path / "p.json").read_text(encoding="utf-8")))
    plan = planfile.load((tmp_path / "p.yaml").read_bytes(), "p.yaml")
    resolved = planresolve.resolve_plan(plan)
    assert {ref: moments[0] for ref, moments in resolved.due.items()} == dues


def test_tj3_late_is_a_finish_after_the_due_and_the_latest_finish_is_the_max():
    dues = {"a": utc("2027-02-19T17:00"), "b": utc("2027-02-19T17:00"), "c": utc("2027-03-01T17:00")}
    steps = {
        "a": {"start": "2027-02-19T08:00+00:00", "finish": "2027-02-19T17:00+00:00"},  # on the dot: on time
        "b": {"start": "2027-02-22T08:00+00:00", "finish": "2027-02-22T09:00+00:00"},  # late
    }
    found = bl.tj3_schedule(steps, dues)
    assert (found.steps, found.late, found.latest_finish, found.missing) == (
        2,
        1,
        utc("2027-02-22T09:00"),
        ["c"],
    )


def test_ours_counts_its_late_flags_and_skips_occurrences_without_a_finish():
    dues = {"a": utc("2027-02-19T17:00"), "b": utc("2027-02-19T17:00")}
    data = {
        "occurrences": [
            {"ref": "a", "due": "2027-02-19T17:00:00+00:00", "forecast_finish": None, "late": False},
            {
                "ref": "b",
                "due": "2027-02-19T17:00:00+00:00",
                "forecast_finish": "2027-02-23T10:00:00+07:00",
                "late": True,
            },
        ]
    }
    found = bl.our_schedule(data, dues)
    assert (found.steps, found.late, found.latest_finish, found.missing) == (
        2,
        1,
        utc("2027-02-23T03:00"),
        [],
    )
    assert bl.late_flag_disagreements(data) == []
    assert bl.due_disagreements(data, dues) == []
    data["occurrences"][1]["late"] = False
    data["occurrences"][0]["due"] = "2027-02-19T12:00:00+00:00"
    assert bl.late_flag_disagreements(data) == ["b"]
    assert bl.due_disagreements(data, dues) == ["a"]


def test_daily_hours_are_eight_on_weekdays_and_none_at_weekends():
    friday, saturday = date(2027, 1, 8), date(2027, 1, 9)
    hours = {
        "p1": {friday: 8.0, saturday: 0.0},
        "p2": {friday: 4.0 + 4.0 + 1e-9},  # float sums of slots are not over
        "p3": {friday: 8.5},
        "p4": {saturday: 1.0},
    }
    assert bl.daily_overruns(hours) == [("p3", friday, 8.5), ("p4", saturday, 1.0)]


def test_weekly_planned_hours_over_forty_are_found():
    data = {
        "people": [
            {
                "id": "p1",
                "weeks": [
                    {"week": "2027-W01", "capacity_hours": 40, "demand_hours": 90, "planned_hours": 40}
                ],
            },
            {
                "id": "p2",
                "weeks": [
                    {"week": "2027-W02", "capacity_hours": 40, "demand_hours": 41, "planned_hours": 41}
                ],
            },
        ]
    }
    assert bl.weekly_overruns(data) == [("p2", "2027-W02", 41)]


EXPORT = """\
supplement task ap1 {
}
supplement task ap1.t1 {
  booking p8 2027-05-12-16:00-+0000 + 1.0h,
          2027-05-13-08:00-+0000 + 4.0h,
          2027-05-13-13:00-+0000 + 4.0h { overtime 2 }
}
supplement task ap1.t2 {
  booking p8 2027-05-12-08:00-+0000 + 4.0h,
          2027-05-12-13:00-+0000 + 180.0min { overtime 2 }
}
supplement task ap1.t3 {
  booking p9 2027-05-13-06:00-+0700 + 2.0h { overtime 2 }
}
supplement task ap1.t4 {
  booking p9 2027-05-13-23:00-+0000 + 2.0h
}
"""


def test_tj3_bookings_are_summed_per_person_and_utc_day():
    hours = bl.parse_tj3_bookings(EXPORT)
    assert hours["p8"] == {date(2027, 5, 12): 8.0, date(2027, 5, 13): 8.0}
    # 06:00+07:00 is 23:00 UTC the day before; one that runs past midnight is split.
    assert hours["p9"] == {date(2027, 5, 12): 1.0, date(2027, 5, 13): 2.0, date(2027, 5, 14): 1.0}
    assert bl.daily_overruns(hours) == []


def test_tj3_bookings_over_a_day_are_found():
    more = EXPORT + "supplement task ap1.t5 {\n  booking p8 2027-05-13-17:00-+0000 + 1.0h\n}\n"
    assert bl.daily_overruns(bl.parse_tj3_bookings(more)) == [("p8", date(2027, 5, 13), 9.0)]


def test_speed_is_a_target_from_five_thousand_steps_late_and_finish_at_every_size():
    ours = bl.Schedule(steps=10, late=2, latest_finish=utc("2027-03-01T12:00"))
    tj3 = bl.Schedule(steps=10, late=2, latest_finish=utc("2027-03-01T12:00"))
    small = bl.checks_for_size(1000, ours, 1.0, tj3, 10.0, [], [])
    assert [c.name for c in small] == ["late", "finish", "planned", "daily", "weekly"]
    assert all(c.ok for c in small)
    big = {c.name: c.ok for c in bl.checks_for_size(5000, ours, 1.0, tj3, 49.0, None, [])}
    assert big == {"speed": False, "late": True, "finish": True, "planned": True, "weekly": True}
    later = bl.Schedule(steps=10, late=3, latest_finish=utc("2027-03-01T12:00") + timedelta(hours=1))
    worse = {c.name: c.ok for c in bl.checks_for_size(5000, later, 0.1, tj3, 10.0, [("p1", START, 9.0)], [])}
    assert worse == {
        "speed": True,
        "late": False,
        "finish": False,
        "planned": True,
        "daily": False,
        "weekly": True,
    }


def test_times_without_an_offset_are_utc():
    assert bl.moment("2027-01-04T08:00") == utc("2027-01-04T08:00")
    assert bl.moment("2027-01-04T15:00+07:00") == utc("2027-01-04T08:00")
    assert bl.moment("2027-01-04T08:00Z") == utc("2027-01-04T08:00")


def test_our_forecast_in_process_gives_hours_within_the_day(tmp_path):
    plans = genplan.build(60, 3, 1, START, 0.3)
    genplan.write_yaml(tmp_path / "p.yaml", plans, 3, START)
    hours, how = bl.ours_in_process(tmp_path / "p.yaml", datetime.combine(START, datetime.min.time(), UTC))
    assert hours, how
    assert set(hours) <= {"p1", "p2", "p3"}
    assert sum(sum(days.values()) for days in hours.values()) == sum(
        s["effort"] for _, items in plans for s in items
    )
    assert bl.daily_overruns(hours) == []
