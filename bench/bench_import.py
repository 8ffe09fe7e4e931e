"""Benchmark: import a generated plan of N steps into a fresh database (target: 10,000 steps < 10 s).

    .venv/bin/python bench/bench_import.py [--steps 10000] [--database-url postgres://...]

Times each stage of `actionplan import` — load (YAML -> PlanFile), resolve (due dates), DB write
(one transaction of bulk inserts) — then a re-import of the same file (load + resolve + compare,
no writes), and compares the DB write with a raw lower bound: bare `sqlite3` executemany of the
same number of rows into equivalent tables, in one transaction, without an ORM.

The plan comes from bench/genplan.py (vendored from ../shared/bench/genplan.py). Without
--database-url a temporary SQLite file is used; with it, the organization `bench` is imported
into (and afterwards deleted from) that database, which must be migrated or migratable.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 10.0


def _genplan():
    for path in (HERE / "genplan.py", HERE.parent.parent / "shared" / "bench" / "genplan.py"):
        if path.exists():
            spec = importlib.util.spec_from_file_location("genplan", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    sys.exit("bench_import: genplan.py not found (expected bench/genplan.py or ../shared/bench/genplan.py)")


def _generate(steps: int, path: Path) -> None:
    import datetime as dt

    gen = _genplan()
    people = max(1, steps // 25)
    start = dt.date(2027, 1, 4)
    gen.write_yaml(str(path), gen.build(steps, people, 1, start, 0.3), people, start)


def _raw_lower_bound(counts: dict[str, int], folder: Path) -> float:
    """Bare sqlite3: the same number of rows, similar columns and indexes, one transaction."""
    db = sqlite3.connect(folder / "raw.sqlite3")
    db.executescript(
        """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE party (id INTEGER PRIMARY KEY, org INT, key TEXT, kind TEXT, name TEXT, capacity REAL,
            position INT, UNIQUE (org, key));
        CREATE TABLE plan (id INTEGER PRIMARY KEY, org INT, strategy INT, key TEXT, title TEXT,
            responsible INT, priority INT, position INT, UNIQUE (strategy, key));
        CREATE TABLE step (id INTEGER PRIMARY KEY, org INT, plan INT, key TEXT, title TEXT, responsible INT,
            due_phrase TEXT, effort REAL, priority INT, position INT, UNIQUE (plan, key));
        CREATE INDEX step_responsible ON step (responsible);
        CREATE TABLE dependency (id INTEGER PRIMARY KEY, step INT, depends_on INT, position INT,
            UNIQUE (step, depends_on));
        CREATE TABLE occurrence (id INTEGER PRIMARY KEY, org INT, step INT, number INT, due TEXT,
            baseline_due TEXT, completed_at TEXT, UNIQUE (step, number));
        CREATE INDEX occurrence_due ON occurrence (due);
        CREATE TABLE change (id INTEGER PRIMARY KEY, org INT, at TEXT, source TEXT, action TEXT, type TEXT,
            ref TEXT, changes TEXT);
        """
    )
    rows = {
        "party": [(i, 1, f"p{i}", "person", f"Person {i}", 40.0, i) for i in range(counts["party"])],
        "plan": [(i, 1, 1, f"ap{i}", f"Plan {i}", 1, 2, i) for i in range(counts["action_plan"])],
        "step": [
            (i, 1, i // 20, f"t{i}", f"Step {i}", i % 400, "2027-05-03", 8.0, 2, i)
            for i in range(counts["step"])
        ],
        "dependency": [(i, i + 1, i, 0) for i in range(counts["dependency"])],
        "occurrence": [
            (i, 1, i, 1, "2027-05-03 10:00:00", "2027-05-03 10:00:00", None)
            for i in range(counts["occurrence"])
        ],
        "change": [
            (i, 1, "2027-01-04 00:00:00", "import", "created", "step", f"bench/ap{i // 20}/t{i}", "{}")
            for i in range(counts["changes"])
        ],
    }
    began = time.perf_counter()
    with db:
        for table, values in rows.items():
            marks = ", ".join("?" * len(values[0])) if values else ""
            if values:
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    elapsed = time.perf_counter() - began
    db.close()
    return elapsed


def _drop(key: str) -> None:
    """Delete an organization: its steps, plans and strategies first (they protect its parties)."""
    from actionplan.orgs.models import Organization
    from actionplan.planning.models import ActionPlan, ServiceStandard, Step, Strategy

    for model in (Step, ServiceStandard, ActionPlan, Strategy):
        model.objects.filter(organization__key=key).delete()
    Organization.objects.filter(key=key).delete()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["ACTIONPLAN_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "actionplan.settings"
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from actionplan.core import planfile, planresolve
    from actionplan.planning.importer import import_plan
    from actionplan.planning.models import ChangeRecord

    call_command("migrate", interactive=False, verbosity=0)
    _drop("bench")
    path = folder / "plan.yaml"
    _generate(args.steps, path)
    data = path.read_bytes()

    t0 = time.perf_counter()
    plan = planfile.load(data, str(path))
    t1 = time.perf_counter()
    resolved = planresolve.resolve_plan(plan)
    t2 = time.perf_counter()
    result = import_plan(plan, resolved, filename=str(path))
    t3 = time.perf_counter()
    t4 = time.perf_counter()
    plan2 = planfile.load(data, str(path))
    again = import_plan(plan2, planresolve.resolve_plan(plan2), filename=str(path))
    t5 = time.perf_counter()
    assert not again.changed, "re-import changed rows"

    counts = {typ: c.created for typ, c in result.counts.items()}
    counts["changes"] = ChangeRecord.objects.filter(organization__key="bench").count()
    raw = _raw_lower_bound(counts, folder)
    rows = sum(counts.values())
    load_s, resolve_s, write_s, reimport_s = t1 - t0, t2 - t1, t3 - t2, t5 - t4
    total = load_s + resolve_s + write_s
    size = path.stat().st_size
    print(
        f"import of {args.steps:,} steps ({rows:,} rows with history)",
        f"into {connection.vendor}, {size:,} bytes of YAML",
    )
    print(f"  load (YAML -> PlanFile)   {load_s:7.2f} s")
    print(f"  resolve (due dates)       {resolve_s:7.2f} s")
    print(
        f"  DB write (1 transaction)  {write_s:7.2f} s",
        f"  raw sqlite3 executemany {raw:.2f} s: x{write_s / raw:.1f}",
    )
    print(
        f"  total                     {total:7.2f} s   {total / TARGET_S:.0%} of the {TARGET_S:.0f} s target"
    )
    print(f"  re-import (no changes)    {reimport_s:7.2f} s   {reimport_s / TARGET_S:.0%} of the target")
    _drop("bench")


if __name__ == "__main__":
    main()
