"""Small helpers shared by the web tests (the fixtures themselves live in conftest.py)."""

from __future__ import annotations

import re
from datetime import datetime

from actionplan.orgs.models import Organization
from actionplan.planning.models import Occurrence, Step

TREE = "/o/acme/"
STEP_LIST = "/o/acme/steps/visibility/media/list/"
STEP_SEND = "/o/acme/steps/visibility/media/send/"

_ROW = re.compile(r'data-occurrence="(\d+)" data-status="(\w*)"')


def shown_statuses(html: str) -> dict[int, str]:
    """occurrence id -> the status the page shows for it (its `data-status` attribute)."""
    return {int(occ): status for occ, status in _ROW.findall(html)}


def occurrence(org: Organization, step_key: str, number: int = 1) -> Occurrence:
    return Occurrence.objects.get(organization=org, step__key=step_key, number=number)


def add_step(org: Organization, key: str, title: str, due: datetime, **fields) -> Step:
    """A one-off step in acme's `media` plan with one occurrence due at `due`."""
    plan = org.action_plans.get(key="media")
    step = Step.objects.create(
        organization=org, action_plan=plan, key=key, title=title, position=10, **fields
    )
    Occurrence.objects.create(organization=org, step=step, number=1, due=due, baseline_due=due)
    return step


def html(response) -> str:
    return response.content.decode()
