"""Small helpers shared by the web tests (the fixtures themselves live in conftest.py)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from actionplan.orgs.models import Organization
from actionplan.planning.models import ActionPlan, Occurrence, Priority, Step, Strategy

TREE = "/o/acme/"
STEP_LIST = "/o/acme/steps/visibility/media/list/"
STEP_SEND = "/o/acme/steps/visibility/media/send/"

_ROW = re.compile(r'data-occurrence="(\d+)" data-status="(\w*)"')


def shown_statuses(html: str) -> dict[int, str]:
    """occurrence id -> the status the page shows for it (its `data-status` attribute)."""
    return {int(occ): status for occ, status in _ROW.findall(html)}


def occurrence(org: Organization, step_key: str, number: int = 1) -> Occurrence:
    return Occurrence.objects.get(organization=org, step__key=step_key, number=number)


def add_step(
    org: Organization, key: str, title: str, due: datetime, plan: ActionPlan | None = None, **fields
) -> Step:
    """A one-off step (in acme's `media` plan unless `plan` is given) with one occurrence due at `due`."""
    plan = plan or org.action_plans.get(key="media")
    fields.setdefault("position", 10)
    step = Step.objects.create(organization=org, action_plan=plan, key=key, title=title, **fields)
    Occurrence.objects.create(organization=org, step=step, number=1, due=due, baseline_due=due)
    return step


def html(response) -> str:
    return response.content.decode()


def next_monday(org: Organization) -> date:
    """The first Monday after today in the organization's zone."""
    today = timezone.localtime(timezone.now(), ZoneInfo(org.timezone)).date()
    return today + timedelta(days=7 - today.weekday())


def overload_alice(org: Organization) -> dict:
    """The article's case in acme, from next Monday on: Alice carries a step of each of two
    strategies in the same two weeks, 100 h of work for her 80 h; Bob has room.

    `kit` (visibility, high priority, 60 h) comes first, so `letters` (service, normal, 40 h)
    finishes after its due: at risk, pushed out by `kit`; reassigning it to Bob puts it on time.
    No public holidays, so the weeks are plain 40 h weeks whatever the date the tests run: Alice's
    two weeks need 30 + 20 = 50 h of her 40 (125 %).
    Returns the steps, the Monday and the due.
    """
    org.holidays = ""
    org.save(update_fields=["holidays"])
    monday = next_monday(org)
    tz = ZoneInfo(org.timezone)
    due = datetime.combine(monday + timedelta(days=11), time(17), tz)  # Friday of the second week
    alice = org.parties.get(key="alice")
    org.strategies.filter(key="visibility").update(start=monday)
    # `list` is done (the fixture's completion lies in 2027: seen from today it has not happened)
    Occurrence.objects.filter(step__key="list").update(completed_at=timezone.now() - timedelta(days=1))
    service = Strategy.objects.create(
        organization=org, key="service", title="Customer service", start=monday, owner=alice, position=1
    )
    care = ActionPlan.objects.create(
        organization=org, strategy=service, key="care", title="Care plan", responsible=alice
    )
    kit = add_step(
        org, "kit", "Prepare the press kit", due, responsible=alice, effort_hours=60, priority=Priority.HIGH
    )
    letters = add_step(
        org,
        "letters",
        "Answer customer letters",
        due,
        plan=care,
        responsible=alice,
        effort_hours=40,
        position=0,
    )
    return {"kit": kit, "letters": letters, "monday": monday, "due": due}


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
