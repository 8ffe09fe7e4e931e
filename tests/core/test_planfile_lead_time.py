"""A step's `lead_time`: a vendor's time from ready to delivered, read as business days."""

import pytest

from actionplan.core import planfile
from actionplan.core.planfile import PlanFileError
from actionplan.core.planfile_values import LeadTimeError, lead_time_days

PLAN = """\
version: 1
organization: {id: o, name: O}
people:
  - {id: lan, name: Lan}
vendors:
  - {id: in-an, name: In Ấn Phú Gia}
strategies:
  - id: s
    title: S
    start: 2027-03-01
    action_plans:
      - id: p
        title: P
        responsible: lan
        steps:
          - id: print
            title: Print the brochures
            who: in-an
            lead_time: %s
"""


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("5 business days", 5),
        ("1 business day", 1),
        ("5 days", 5),  # a vendor's days are working days
        ("1 day", 1),
        ("2 weeks", 10),  # a week is 5 business days
        ("1 week", 5),
        ("3 business days", 3),
        ("4 working days", 4),
        ("5 ngày làm việc", 5),
        ("5 ngày", 5),
        ("2 tuần", 10),
        ("  7   Business  Days ", 7),
        ("5 nga\u0300y la\u0300m vie\u0323\u0302c", 5),  # typed with combining marks
        ("0 days", 0),
        ("200 weeks", 1000),
    ],
)
def test_lead_time_days(text, days):
    assert lead_time_days(text) == days


@pytest.mark.parametrize("text", ["", "5", "five days", "5 months", "-1 days", "1.5 weeks", "5 giờ", "days"])
def test_lead_time_days_refuses_what_is_not_a_lead_time(text):
    with pytest.raises(ValueError, match="is not a lead time: write business days or weeks"):
        lead_time_days(text)


def test_lead_time_days_has_a_limit():
    with pytest.raises(LeadTimeError, match="a lead time of 1005 business days is too long: at most 1000"):
        lead_time_days("201 weeks")


def test_load_keeps_the_phrase_as_written_and_dump_gives_it_back():
    plan = planfile.load(PLAN % "5 ngày làm việc", "p.yaml")
    step = plan.strategies[0].action_plans[0].steps[0]
    assert step.lead_time == "5 ngày làm việc"
    assert step.where("lead_time") == planfile.Location("p.yaml", 19, 24)
    text = planfile.dump(plan)
    assert "lead_time: 5 ngày làm việc\n" in text
    assert planfile.load(text) == plan


def test_a_step_without_lead_time_has_none_and_dumps_without_the_key():
    plan = planfile.load((PLAN % "x").replace("            lead_time: x\n", ""))
    assert plan.strategies[0].action_plans[0].steps[0].lead_time is None
    assert "lead_time" not in planfile.dump(plan)


def test_an_empty_lead_time_is_the_same_as_none():
    assert planfile.load(PLAN % "").strategies[0].action_plans[0].steps[0].lead_time is None


def test_a_lead_time_on_a_person_is_accepted():
    plan = planfile.load((PLAN % "2 weeks").replace("who: in-an", "who: lan"))
    assert plan.strategies[0].action_plans[0].steps[0].lead_time == "2 weeks"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (
            "5 months",
            "p.yaml:19:24: '5 months' is not a lead time: write business days or weeks, "
            "like 5 business days, 2 weeks, 5 ngày làm việc or 2 tuần",
        ),
        (
            "5",
            "p.yaml:19:24: '5' is not a lead time: write business days or weeks, "
            "like 5 business days, 2 weeks, 5 ngày làm việc or 2 tuần",
        ),
        ("300 weeks", "p.yaml:19:24: a lead time of 1500 business days is too long: at most 1000"),
        ("[5 days]", "p.yaml:19:24: expected a lead time like 5 business days or 2 weeks, got a list"),
    ],
)
def test_a_wrong_lead_time_is_a_located_error(value, error):
    with pytest.raises(PlanFileError) as caught:
        planfile.load(PLAN % value, "p.yaml")
    assert [str(e) for e in caught.value.errors] == [error]


def test_the_schema_knows_lead_time():
    step = planfile.json_schema()["$defs"]["step"]["properties"]
    assert step["lead_time"]["type"] == "string"
