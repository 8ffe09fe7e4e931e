"""import -> export -> import leaves the database as it was, and export is stable."""

from __future__ import annotations

import sys
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from conftest import snapshot
from django.db import transaction
from hypothesis import HealthCheck, given, settings

from actionplan.core.planfile import PlanFileError, dump
from actionplan.orgs.models import Organization
from actionplan.planning.exporter import export_plan, export_text
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import Occurrence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from strategies import plan_files  # noqa: E402 - tests/core is not a package


def _round_trip(text: str, filename: str = "plan.yaml") -> None:
    first = import_plan_file(text, filename)
    org = Organization.objects.get(key=first.organization)
    before = snapshot(org.key)

    exported = export_text(org)
    again = import_plan_file(exported, "exported.yaml")

    assert not again.changed, again.counts
    assert snapshot(org.key) == before
    assert export_text(org) == exported


def test_demo_round_trip(db, demo_text):
    _round_trip(demo_text.decode(), "sao-mai.vi.yaml")


def test_export_gives_back_the_plan_as_written(db, demo_text):
    from actionplan.core.planfile import load

    plan = load(demo_text, "sao-mai.vi.yaml")
    import_plan_file(demo_text, "sao-mai.vi.yaml")

    assert export_plan(Organization.objects.get(key="sao-mai")) == plan


def test_fixture_org_round_trip(org):
    # Built with the models, not by an import: export it, import it, nothing changes.
    exported = export_text(org)
    import_plan_file(exported, "acme.yaml")
    before = snapshot("acme")

    assert not import_plan_file(export_text(org), "acme.yaml").changed
    assert snapshot("acme") == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plan_files())
def test_round_trip_property(db, plan):
    text = dump(plan)
    with transaction.atomic():
        if any("\x00" in value for value in _texts(plan)):  # NUL: refused, located, nothing written
            with pytest.raises(PlanFileError) as caught:
                import_plan_file(text, "plan.yaml")
            assert all("NUL character" in str(e) for e in caught.value.errors)
        else:
            _round_trip(text)
        transaction.set_rollback(True)


def test_done_occurrences_kept_beyond_the_count_are_not_exported(db):
    # Given a weekly step done in week 10, then the file shortens it to the first month
    text = (
        "version: 1\norganization: {id: acme, name: Acme, locale: en}\n"
        "people:\n  - {id: alice, name: Alice}\n"
        "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n    action_plans:\n"
        "      - id: p\n        title: P\n        responsible: alice\n        steps:\n"
        "          - {id: track, title: Track, repeat: weekly, until: %s}\n"
    )
    import_plan_file(text % "end of month 6", "a.yaml")
    Occurrence.objects.filter(step__key="track", number=10).update(completed_at="2027-05-07T10:00:00+07:00")
    result = import_plan_file(text % "end of month 1", "a.yaml")
    assert result.kept == ["s/p/track#10"]
    org = Organization.objects.get(key="acme")

    exported = export_text(org)

    assert "done" not in exported
    assert not import_plan_file(exported, "exported.yaml").changed


def _texts(value):
    """Every string inside a PlanFile (PostgreSQL cannot store NUL characters in text)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)
    elif is_dataclass(value):
        for f in fields(value):
            if f.compare:
                yield from _texts(getattr(value, f.name))


def test_lead_time_round_trip(db, demo_text):
    from actionplan.core.planfile import load

    # The demo's writer quotes "3 tuần"; a second vendor step gets one in English.
    text = demo_text.decode().replace(
        "            who: cong-ty-pr\n",
        "            who: cong-ty-pr\n            lead_time: 5 business days\n",
        1,
    )
    assert "lead_time: 3 tuần\n" in text and "lead_time: 5 business days\n" in text
    _round_trip(text, "sao-mai.vi.yaml")
    org = Organization.objects.get(key="sao-mai")
    assert sorted(org.steps.exclude(lead_time_phrase="").values_list("lead_time_phrase", flat=True)) == [
        "3 tuần",
        "5 business days",
    ]
    exported = export_text(org)
    assert "lead_time: 3 tuần\n" in exported and "lead_time: 5 business days\n" in exported
    assert export_plan(org) == load(text.encode(), "sao-mai.vi.yaml")
