"""`actionplan forecast`: from the database and from a plan file, the same forecast and JSON shape.

The file path is the benchmark's: it runs as the installed script does (`actionplan.launch`),
without Typer or Django.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AS_OF = "2026-12-01 08:00"
KEYS = {"as_of", "occurrences", "people", "overloads", "suggestions"}
OCCURRENCE_KEYS = {"ref", "responsible", "effort_hours", "due", "forecast_start", "forecast_finish", "late"}


def script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "actionplan.launch", *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ACTIONPLAN_LANGUAGE": "en"},
        timeout=120,
    )


def imported(run: subprocess.CompletedProcess) -> set[str]:
    """The top-level packages the run imported (from -X importtime's lines)."""
    names = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_a_plan_file_is_forecast_without_django_or_typer():
    run = script("forecast", str(EXAMPLES / "sao-mai.en.yaml"), "--as-of", AS_OF, "--format", "json")
    assert run.returncode == 0, run.stderr[-2000:]
    data = json.loads(run.stdout)
    assert set(data) == KEYS
    assert data["as_of"] == "2026-12-01T08:00:00+07:00"
    assert all(set(item) >= OCCURRENCE_KEYS for item in data["occurrences"])
    week = data["people"][0]["weeks"][0]
    assert set(week) == {"week", "capacity_hours", "demand_hours", "planned_hours"}
    assert [o["person"] for o in data["overloads"]] == ["lan"]
    assert data["suggestions"][0]["kind"] == "reassign"
    assert not {"django", "typer", "click", "rich"} & imported(run)


def test_a_bad_plan_file_is_one_located_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\norganization: {id: x, name: X}\npeople:\n  - {id: lan, name: Lan, capacity: lots}\n"
    )
    run = script("forecast", str(bad), "--format", "json")
    assert run.returncode == 2
    assert run.stdout == ""
    assert f"{bad}:4:36: expected a capacity like 40h/week, got 'lots'" in run.stderr
    missing = script("forecast", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    when = script("forecast", str(EXAMPLES / "sao-mai.en.yaml"), "--as-of", "tomorrow")
    assert when.returncode == 2 and "--as-of: tomorrow is not a date or time" in when.stderr


@pytest.fixture
def demo(cli):
    assert cli("demo").exit_code == 0


def test_the_database_forecast_is_the_plan_files(cli, demo):
    result = cli("forecast", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.stderr
    from_db = json.loads(result.stdout)
    run = script("forecast", str(EXAMPLES / "sao-mai.vi.yaml"), "--as-of", AS_OF, "--format", "json")
    from_file = json.loads(run.stdout)
    assert set(from_db) == KEYS
    assert [(o["ref"], o["forecast_finish"], o["late"]) for o in from_db["occurrences"]] == [
        (o["ref"], o["forecast_finish"], o["late"]) for o in from_file["occurrences"]
    ]
    assert [o["weeks"] for o in from_db["overloads"]] == [o["weeks"] for o in from_file["overloads"]]
    assert [s["id"] for s in from_db["suggestions"]] == [s["id"] for s in from_file["suggestions"]]


def test_the_table_names_the_overload_and_the_suggestions(cli, demo):
    result = cli("forecast", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "Nguyễn Thị Lan:" in result.stdout and "155 % of capacity in weeks 4–5" in result.stdout
    assert "Reassign" in result.stdout and "late 5 → 3" in result.stdout
    assert cli("forecast", "--format", "xml").exit_code == 2


def test_the_suggestions_computed_in_a_child_are_those_computed_here(monkeypatch, capsysbinary):
    # forecast FILE computes its suggestions in a forked child; without fork, in this process.
    from actionplan.commands import forked
    from actionplan.commands.forecast import forecast_file

    plan = str(EXAMPLES / "sao-mai.en.yaml")
    assert forecast_file(plan, as_of=AS_OF, fmt="json", language="en") == 0
    in_child = capsysbinary.readouterr().out
    monkeypatch.delattr(forked.os, "fork")
    assert forecast_file(plan, as_of=AS_OF, fmt="json", language="en") == 0
    here = capsysbinary.readouterr().out
    assert in_child == here
    assert json.loads(here)["suggestions"]


def test_a_child_that_fails_leaves_the_answer_to_this_process():
    import os

    from actionplan.commands.forked import in_parallel

    parent = os.getpid()

    def answer():
        if os.getpid() != parent:
            raise MemoryError  # only in the child
        return ("computed here", parent)

    assert in_parallel(answer)() == ("computed here", parent)
    assert in_parallel(lambda: ("in the child", os.getpid()))()[0] == "in the child"
    assert in_parallel(lambda: os.getpid())() != parent
