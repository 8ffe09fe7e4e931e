"""Loading plan files: values as written, defaults, and every error located as FILE:LINE:COLUMN."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from actionplan.core import planfile
from actionplan.core.planfile import PlanFileError

HEAD = """\
version: 1
organization: {id: sao-mai, name: Sao Mai}
people:
  - {id: lan, name: Lan}
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        planfile.load(text, "p.yaml")
    return [str(e) for e in caught.value.errors]


def plan_with_steps(steps: str, extra: str = "") -> str:
    return (
        HEAD
        + extra
        + """\
strategies:
  - id: s
    title: S
    start: 2027-03-01
    action_plans:
      - id: p
        title: P
        responsible: lan
        steps:
"""
        + steps
    )


def test_defaults_and_values_as_written():
    plan = planfile.load(
        plan_with_steps(
            "          - {id: a, title: A, due: cuối tháng đầu tiên, effort: 2d, cost: 1_500_000,"
            " priority: khẩn cấp, done: 15/03/2027 14:30}\n"
        )
    )
    org = plan.organization
    assert (org.locale, org.timezone, org.currency) == ("vi", "Asia/Ho_Chi_Minh", "VND")
    assert (org.calendar.work_week, org.calendar.holidays) == ("mon-fri", "VN")
    assert plan.people[0].capacity == Decimal(40)
    strategy = plan.strategies[0]
    assert (strategy.horizon, strategy.priority, strategy.status) == ("end of month 12", "normal", "active")
    step = strategy.action_plans[0].steps[0]
    assert step.due == "cuối tháng đầu tiên"
    assert step.effort == Decimal(16)
    assert step.cost == Decimal(1500000)
    assert step.priority == "critical"
    assert step.done == ((1, datetime(2027, 3, 15, 14, 30)),)
    assert step.who is None  # the plan's responsible, applied by later stages
    assert step.loc == planfile.Location("<plan>", 14, 13)
    assert step.where("due") == planfile.Location("<plan>", 14, 36)


def test_genplan_style_plan_without_responsible_loads_when_every_step_has_who():
    plan = planfile.load(
        HEAD.replace(
            "organization: {id: sao-mai, name: Sao Mai}", "organization: {id: b, name: B, timezone: UTC}"
        )
        + "strategies:\n  - id: s\n    title: S\n    start: 2027-01-04\n    action_plans:\n"
        "      - id: ap1\n        title: P\n        steps:\n"
        "          - {id: t1, title: T, who: lan, effort: 5h, priority: high, due: 2027-02-01}\n"
        "          - {id: t2, title: T, who: lan, effort: 40h, priority: low, due: 2027-02-01, after: [t1]}\n"
    )
    assert plan.strategies[0].action_plans[0].responsible is None


def test_recurring_done_is_per_occurrence():
    plan = planfile.load(
        plan_with_steps(
            "          - id: send\n            title: Send\n            repeat: monthly\n"
            "            times: 6\n"
            "            due: end of month\n            done:\n              2: 2027-04-30\n"
            "              1: 2027-03-31 16:00\n"
        )
    )
    step = plan.strategies[0].action_plans[0].steps[0]
    assert step.done == ((1, datetime(2027, 3, 31, 16, 0)), (2, date(2027, 4, 30)))
    assert step.where("done.2").line == 20


def test_goal_targets_and_hours_mapping():
    plan = planfile.load(
        HEAD.replace(
            "{id: sao-mai, name: Sao Mai}",
            "{id: x, name: X, calendar: {work_week: mon-sat,"
            ' hours: {default: "08:00-17:00", sat: "08:00-12:00"}, holidays: none}}',
        )
        + "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n    goals:\n"
        '      - {id: a, title: A, target: ">= 2"}\n'
        '      - {id: b, title: B, target: "<= 4.5"}\n'
        "      - {id: c, title: C, target: 3}\n"
        "      - {id: d, title: D, target: ít nhất 2}\n"
    )
    goals = plan.strategies[0].goals
    assert [(g.direction, g.target) for g in goals] == [
        ("at_least", 2),
        ("at_most", Decimal("4.5")),
        ("at_least", 3),
        ("at_least", 2),
    ]
    cal = plan.organization.calendar
    assert (cal.hours, cal.hours_by_day, cal.holidays) == ("08:00-17:00", (("sat", "08:00-12:00"),), None)


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (
            "{id: a, title: A, colour: red}",
            "p.yaml:14:31: unknown key 'colour'; expected one of: id, title, description, who, due, start, "
            "effort, lead_time, cost, priority, after, repeat, times, until, done",
        ),
        (
            "{id: a, title: A, efort: 2h}",
            "p.yaml:14:31: unknown key 'efort'; did you mean 'effort'? expected one of: id, title, "
            "description, who, due, start, effort, lead_time, cost, priority, after, repeat, times, "
            "until, done",
        ),
        ("{id: a, title: A, start: foo}", "p.yaml:14:38: expected a date like 2027-03-01, got 'foo'"),
        (
            "{id: a, title: A, start: 1999-12-31}",
            "p.yaml:14:38: the date 1999-12-31 is out of range: plan dates are from 2000-01-01 to 2100-12-31",
        ),
        ("{id: a, title: A, who: nobody}", "p.yaml:14:36: unknown person, team or vendor 'nobody'"),
        (
            "{id: a, title: A, times: 3}",
            "p.yaml:14:38: 'times' needs 'repeat': only a repeating step has several occurrences",
        ),
        (
            "{id: a, title: A, repeat: weekly, times: 0}",
            "p.yaml:14:54: 0 is out of range: it must be from 1 to 1000",
        ),
        (
            "{id: a, title: A, repeat: weekly, times: 1001}",
            "p.yaml:14:54: 1001 is out of range: it must be from 1 to 1000",
        ),
        (
            "{id: a, title: A, cost: 150.000}",
            "p.yaml:14:37: VND amounts have no decimals; write 150000 (a dot is not a thousands separator)",
        ),
        ("{id: a, title: A, effort: lots}", "p.yaml:14:39: expected an effort like 6h or 2d, got 'lots'"),
        (
            "{id: a, title: A, priority: urgent}",
            "p.yaml:14:41: 'urgent' is not one of: low, normal, high, critical",
        ),
        ("{id: a, title: A, after: [zzz]}", "p.yaml:14:39: unknown step 'zzz'"),
        ("{id: a, title: A, after: [a]}", "p.yaml:14:39: step 's/p/a' cannot come after itself"),
        (
            "{id: A!, title: A}",
            "p.yaml:14:18: 'A!' is not a valid id: use lowercase letters, digits, '-' and '_', "
            "starting with a letter or digit, at most 64 characters",
        ),
        ("{id: a}", "p.yaml:14:13: missing key 'title'"),
        (
            "{id: a, title: A, done: {1: 2027-03-01}}",
            "p.yaml:14:37: this step does not repeat: 'done' is one date, "
            "like 2027-03-31 or 2027-03-31 16:30",
        ),
        (
            "{id: a, title: A, repeat: weekly, done: 2027-03-01}",
            "p.yaml:14:53: this step repeats: give 'done' per "
            "occurrence, like {1: 2027-03-31, 2: 2027-04-30}",
        ),
        (
            "{id: a, title: A, repeat: weekly, done: {0: 2027-03-01}}",
            "p.yaml:14:54: 0 is out of range: it must be from 1 to 1000",
        ),
        (
            "{id: a, title: A, done: 2027-03-01 10:00+25:00}",
            "p.yaml:14:37: expected a date like 2027-03-01, a date and time like 2027-03-01 14:30, "
            "or a moment with its offset like 2027-03-01T14:30:00+07:00, got '2027-03-01 10:00+25:00'",
        ),
        (
            "{id: a, title: A, done: 2027-03-01T10:00+07:00Z}",
            "p.yaml:14:37: expected a date like 2027-03-01, a date and time like 2027-03-01 14:30, "
            "or a moment with its offset like 2027-03-01T14:30:00+07:00, got '2027-03-01T10:00+07:00Z'",
        ),
        ("[a, b]", "p.yaml:14:13: expected a mapping of keys and values, got a list"),
    ],
)
def test_step_errors(step, expected):
    assert errors_of(plan_with_steps(f"          - {step}\n")) == [expected]


def test_time_frame_errors_carry_the_parser_message():
    (error,) = errors_of(plan_with_steps("          - {id: a, title: A, due: cuoi thang dau tein}\n"))
    assert error.startswith("p.yaml:14:36: ")
    assert "tein" in error and "cuối tháng đầu tiên" in error  # the unknown words, the closest forms
    (error,) = errors_of(plan_with_steps("          - {id: a, title: A, repeat: end of month 1}\n"))
    assert error.startswith("p.yaml:14:39: ")


def test_all_errors_are_reported_in_file_order():
    text = plan_with_steps(
        "          - {id: a, title: A, who: ghost}\n"
        "          - {id: a, title: B, start: never}\n"
        "          - {id: c, title: C, after: [d]}\n"
        "          - {id: d, title: D, after: [c]}\n",
        extra="vendors:\n  - {id: lan, name: Lan again}\n",
    )
    assert errors_of(text) == [
        "p.yaml:6:10: duplicate id 'lan': people, teams and vendors share one set of ids",
        "p.yaml:16:36: unknown person, team or vendor 'ghost'",
        "p.yaml:17:18: duplicate step id 'a' in this action plan",
        "p.yaml:17:38: expected a date like 2027-03-01, got 'never'",
        "p.yaml:18:39: dependency cycle: s/p/c -> s/p/d -> s/p/c",
    ]


def test_cross_reference_errors():
    text = (
        HEAD
        + "teams:\n  - {id: t, name: T, lead: t}\n"
        + "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n    owner: t\n"
        "    action_plans:\n      - {id: p, title: P, goal: nope, responsible: lan}\n"
        "      - {id: p, title: Q}\n"
        "  - id: s\n    title: S2\n    start: 2027-03-01\n"
    )
    assert errors_of(text) == [
        "p.yaml:6:28: 't' is not a person: a person is expected here",
        "p.yaml:11:12: 't' is not a person: a person is expected here",
        "p.yaml:13:33: unknown goal 'nope' in strategy 's'",
        "p.yaml:14:14: duplicate action plan id 'p' in this strategy",
        "p.yaml:15:9: duplicate strategy id 's'",
    ]


def test_after_accepts_sibling_plan_and_full_refs_and_reports_cycles_across_plans():
    text = (
        HEAD + "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n    action_plans:\n"
        "      - id: p\n        title: P\n        responsible: lan\n        steps:\n"
        "          - {id: a, title: A, after: [q/b]}\n"
        "      - id: q\n        title: Q\n        responsible: lan\n        steps:\n"
        "          - {id: b, title: B, after: [s/p/a]}\n"
    )
    assert errors_of(text) == ["p.yaml:14:39: dependency cycle: s/p/a -> s/q/b -> s/p/a"]


def test_organization_and_calendar_errors():
    text = """\
version: 2
organization:
  id: x
  name: X
  locale: fr
  timezone: Mars/Olympus
  currency: dollars
  calendar:
    work_week: mon-xyz
    hours: "8 to 5"
    holidays: ZZ
    closed_days: [2027-02-30]
"""
    found = errors_of(text)
    assert found[0] == "p.yaml:1:10: unsupported plan file version 2: this program reads version 1"
    assert found[1] == "p.yaml:5:11: 'fr' is not one of: vi, en"
    assert found[2] == "p.yaml:6:13: unknown time zone 'Mars/Olympus' (use a name like Asia/Ho_Chi_Minh)"
    assert found[3] == "p.yaml:7:13: 'dollars' is not a currency code: use three letters like VND"
    assert [e.split(": ")[0] for e in found[4:]] == [
        "p.yaml:9:16",
        "p.yaml:10:12",
        "p.yaml:11:15",
        "p.yaml:12:19",
    ]
    assert found[-1].endswith("expected a date like 2027-03-01, got '2027-02-30'")


def test_top_level_must_be_a_plan():
    assert errors_of("hello") == [
        "p.yaml:1:1: expected a plan file: a mapping with version, organization, people, strategies,"
        " got 'hello'"
    ]
    assert errors_of("version: 1\n") == ["p.yaml:1:1: missing key 'organization'"]


def test_errors_are_translatable_messages():
    with pytest.raises(PlanFileError) as caught:
        planfile.load(plan_with_steps("          - {id: a, title: A, who: ghost}\n"), "p.yaml")
    (error,) = caught.value.errors
    assert error.message.msgid == "unknown person, team or vendor '%(id)s'"
    assert error.message.params == {"id": "ghost"}
    assert error.render(lambda s: s.replace("unknown", "không rõ")) == (
        "p.yaml:14:36: không rõ person, team or vendor 'ghost'"
    )
