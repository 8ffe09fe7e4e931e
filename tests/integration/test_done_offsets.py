"""Completion times with an offset in a plan file: imported as the moment they name, exported so
that import reads back the same moment (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from clock import freeze_now
from conftest import snapshot

from actionplan.orgs.models import Organization
from actionplan.planning.exporter import export_text
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import Occurrence

PLAN = """\
version: 1
organization: {{id: tiem, name: Tiệm, timezone: {zone}}}
people:
  - {{id: lan, name: Lan}}
strategies:
  - id: s
    title: S
    start: 2027-03-01
    action_plans:
      - id: p
        title: P
        responsible: lan
        steps:
          - {{id: a, title: A, due: 2027-04-30, done: {a}}}
          - id: b
            title: B
            repeat: monthly
            times: 3
            due: end of month
            done:
              1: {b1}
              2: {b2}
"""


def _done(org_key: str) -> dict[tuple[str, int], datetime]:
    return {
        (o.step.key, o.number): o.completed_at
        for o in Occurrence.objects.filter(
            organization__key=org_key, completed_at__isnull=False
        ).select_related("step")
    }


def _round_trip(text: str) -> str:
    first = import_plan_file(text, "p.yaml")
    before = snapshot(first.organization)
    exported = export_text(Organization.objects.get(key=first.organization))
    again = import_plan_file(exported, "exported.yaml")
    assert not again.changed, again.counts
    assert snapshot(first.organization) == before
    return exported


def test_done_times_with_an_offset_import_as_the_moment_and_round_trip(db):
    text = PLAN.format(
        zone="Asia/Ho_Chi_Minh",
        a="2027-04-06T10:00:00+07:00",
        b1="2027-03-31T09:15:30Z",
        b2="2027-04-30T08:00:00.250-05:00",
    )
    exported = _round_trip(text)
    assert _done("tiem") == {
        ("a", 1): datetime(2027, 4, 6, 3, tzinfo=UTC),
        ("b", 1): datetime(2027, 3, 31, 9, 15, 30, tzinfo=UTC),
        ("b", 2): datetime(2027, 4, 30, 13, 0, 0, 250000, tzinfo=UTC),
    }
    # Written back as local times of the organization, as a person would write them.
    assert "done: 2027-04-06 10:00\n" in exported
    assert "1: '2027-03-31 16:15:30'\n" in exported
    assert "2: '2027-04-30 20:00:00.250000'\n" in exported


def test_a_moment_in_the_repeated_hour_is_exported_with_its_offset(db):
    # Berlin's clocks go back at 03:00 on 2027-10-31: 02:30 happens twice. The second one
    # (00:30 UTC) cannot be written as a plain local time.
    text = PLAN.format(
        zone="Europe/Berlin",
        a="2027-10-31T02:30:00+01:00",
        b1="2027-10-31T02:30:00+02:00",
        b2="2027-10-30T23:59:59Z",
    )
    exported = _round_trip(text)
    assert _done("tiem")[("a", 1)] == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert _done("tiem")[("b", 1)] == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert "2027-10-31T02:30:00+01:00" in exported  # the second 02:30, with its offset
    assert "2027-10-31 02:30" in exported  # the first one reads back the same without


def test_the_review_json_completion_time_is_valid_plan_file_input(cli, org):
    # Given the review's JSON output (the product's own), its completion time pasted into a file
    result = cli("review", "--format", "json", "--as-of", "2027-03-20")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    completed = next(i["completed_at"] for i in items if i["completed_at"])
    assert completed.endswith("+07:00")
    # When it is imported as `done`, then it is the same moment
    import_plan_file(PLAN.format(zone="UTC", a=completed, b1="2027-03-31", b2="2027-04-30"), "p.yaml")
    assert _done("tiem")[("a", 1)] == datetime.fromisoformat(completed)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2027-03-30T10:00:00+07:00", datetime(2027, 3, 30, 3, tzinfo=UTC)),
        ("2027-03-30T03:00:00Z", datetime(2027, 3, 30, 3, tzinfo=UTC)),
        ("2027-03-30 10:00", datetime(2027, 3, 30, 3, tzinfo=UTC)),  # naive: acme's zone
    ],
)
def test_done_at_reads_every_iso_form(cli, org, at, expected, monkeypatch):
    freeze_now(monkeypatch, datetime(2027, 4, 1, tzinfo=UTC))  # a completion may not be in the future
    result = cli("done", "visibility/media/write", "--at", at)
    assert result.exit_code == 0, result.stderr
    assert "done at 2027-03-30 10:00" in result.stdout
    assert Occurrence.objects.get(step__key="write").completed_at == expected


def test_a_measurement_time_with_an_offset_round_trips(db):
    text = PLAN.format(zone="Europe/Berlin", a="2027-04-06", b1="2027-03-31", b2="2027-04-30")
    text = text.replace(
        "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n",
        "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n    goals:\n"
        "      - id: g\n        title: G\n        measurements:\n"
        "          - {at: '2027-10-31T02:30:00+01:00', value: 1}\n"
        "          - {at: 2027-04-01T08:00:00Z, value: 2}\n",
    )
    exported = _round_trip(text)
    assert "2027-10-31T02:30:00+01:00" in exported and "2027-04-01 10:00" in exported


def test_forecast_as_of_reads_the_same_forms():
    from zoneinfo import ZoneInfo

    from actionplan.commands.forecast import parse_as_of

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    expected = datetime(2026, 11, 1, 1, tzinfo=UTC)
    for text in ("2026-11-01T01:00:00Z", "2026-11-01T08:00+07:00", "2026-W44-7T08:00", "2026-11-01 08:00"):
        assert parse_as_of(text, tz) == expected, text
    assert parse_as_of("2026-11-01", tz) == datetime(2026, 11, 1, tzinfo=tz)
