"""The data migration that keeps first-edition phrases (`cuối tháng 1` = the plan's first month)
meaning what they meant once `tháng 1` is January."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from actionplan.core.timeframe import PlanPeriod, parse_due
from actionplan.planning.models import Step

migration = importlib.import_module("actionplan.planning.migrations.0002_time_frames_second_edition")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("cuối tháng 1", "cuối tháng thứ 1"),
        ("cuối tuần 2 của tháng 1", "cuối tuần 2 của tháng thứ 1"),
        ("cuối quý 2", "cuối quý thứ 2"),
        ("cuối tháng mười hai", "cuối tháng thứ mười hai"),
        ("cuoi thang 3", "cuoi thang thu 3"),
        ("Cuối Tháng 6", "Cuối Tháng thứ 6"),
        # already ordinal, or no number after the unit, or English: unchanged
        ("cuối tháng thứ 3", "cuối tháng thứ 3"),
        ("cuối tháng đầu tiên", "cuối tháng đầu tiên"),
        ("+3 tháng", "+3 tháng"),
        ("mỗi 2 tháng", "mỗi 2 tháng"),
        ("cuối tháng", "cuối tháng"),
        ("end of month 1", "end of month 1"),
        ("cuối tuần 2", "cuối tuần 2"),
    ],
)
def test_cardinal_plan_periods_become_ordinals(old: str, new: str) -> None:
    assert migration.ordinal_plan_periods(old) == new


@pytest.mark.parametrize("old", ["cuối tháng 1", "cuối tuần 2 của tháng 1", "cuối quý 2", "cuoi thang 3"])
def test_the_rewritten_phrase_is_the_plan_period_it_used_to_be(old: str) -> None:
    assert isinstance(parse_due(migration.ordinal_plan_periods(old)), PlanPeriod)


def test_the_migration_rewrites_stored_phrases_and_leaves_the_others(org) -> None:
    step = Step.objects.filter(action_plan__strategy__organization=org).first()
    step.due_phrase, step.until_phrase = "cuối tuần 2 của tháng 1", ""
    step.save()
    strategy = step.action_plan.strategy
    strategy.horizon_phrase = "cuối tháng 6"
    strategy.save()
    untouched = Step.objects.exclude(pk=step.pk).values_list("pk", "due_phrase")
    before = dict(untouched)
    migration.rewrite(apps, None)
    step.refresh_from_db()
    strategy.refresh_from_db()
    assert step.due_phrase == "cuối tuần 2 của tháng thứ 1"
    assert strategy.horizon_phrase == "cuối tháng thứ 6"
    assert dict(Step.objects.exclude(pk=step.pk).values_list("pk", "due_phrase")) == before
