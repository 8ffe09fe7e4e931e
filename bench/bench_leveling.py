#!/usr/bin/env python3
"""Our forecast side by side with TaskJuggler 3 on the same synthetic plans.

    .venv/bin/python bench/bench_leveling.py [--sizes 1000:40,5000:200] [--big] [--skip-tj3] [--tj3-once]
                                             [--runs 5] [--seed 1] [--shared ../shared/bench] [--keep DIR]

For each size STEPS:PEOPLE, genplan.py (../shared/bench/, else the copy vendored in bench/) writes one
workload as our plan file, as a TaskJuggler project and as JSON (for the due dates), in a temporary
folder. Then:

- ours: `actionplan forecast plan.yaml --as-of START --format json` as a subprocess, so start-up and
  parsing count (and its default 3 suggestions); best of --runs runs (default 5: a run of a third of a
  second on a shared machine varies by a third; the first is reported too).
  START is genplan's start at 00:00 UTC, the moment TaskJuggler's `now` names.
- tj3, via ../shared/bench/tj3run.py, each run once (a run takes minutes at 5,000 steps):
  1. on a copy of the .tjp with an export report of every task's bookings added: tasks.csv gives
     the schedule and the export the hours booked per person; its seconds are "tj3 with reports";
  2. on the .tjp itself with --no-reports: scheduling only, the fair timing the ratio uses.
  --tj3-once skips run 2; the ratio then uses run 1, whose time includes writing both reports (so
  it flatters us, and says so).

Printed per size: the wall time of each, the ratio tj3 / ours, the late steps of each schedule, the
latest finish of each, and whether either plans a person over their daily hours. A step is late
when it finishes after its due: genplan's due dates are dates alone, which mean close of business
(17:00 UTC in the bench calendar), as in our plan files. Ours counts the `late` flags of its JSON;
tj3's schedule is judged against the same dues (TaskJuggler knows no due dates, only priorities).

Daily hours (the bench calendar: 8 h Monday to Friday, none at weekends): for tj3, the bookings its
export lists, summed per person and UTC day. Our JSON only has weekly hours, so ours is checked
twice: each person-week's planned_hours <= 40 from the command's JSON, and each person-day <= 8
from the same forecast run in-process (actionplan.core.leveling), whose hours per person per day
are what the weekly figures add up.

(TaskJuggler's own per-day figure, a `resourcereport` with `columns id, daily` in CSV, is the same
sum but costs about twice the export's time at 5,000 steps, over the project's three years of days.)

Targets (PASS/FAIL; the exit status is 0 all the same, this is a report): at 5,000 steps and more,
tj3 / ours >= 50; at every size, ours has no more late steps and no later finish than tj3 and
stays within the daily hours. --big adds 100,000 steps / 4,000 people, ours only: under 10 s and
under 1 GiB of peak resident memory (os.wait4's ru_maxrss of that child). Should the command
refuse the plan (its size cap is 32 MiB; the 100,000-step file is 11 MB), that is a FAIL, and the
figures are then those of the command's own code (commands.forecast.forecast_file) run in a child
with the cap lifted, marked "ours (engine)". A command or tj3 run that fails is a FAIL and the
bench goes on.
--skip-tj3 runs ours only. Without tj3 on PATH (and no --skip-tj3) it stops with exit status 2:
`apt-get install -y tj3`. `make bench-leveling` runs the default sizes (ARGS="--big" adds the big
one). Timings are of a shared machine: run it when nothing else is.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "bench"
sys.path.insert(0, str(REPO / "src"))

DEFAULT_SIZES = "1000:40,5000:200"
BIG_SIZE = (100_000, 4_000)
START = date(2027, 1, 4)  # genplan's default start, a Monday
CLOSE_OF_BUSINESS = clock(17)  # the bench calendar's 08:00-12:00, 13:00-17:00, in UTC
DAY_HOURS = 8.0
WEEK_HOURS = 40.0
SPEED_TARGET = 50.0
SPEED_TARGET_FROM_STEPS = 5_000
BIG_SECONDS = 10.0
BIG_BYTES = 1 << 30
EPSILON = 1e-6  # hours are floats; a sum of 8 one-hour slots may be 8.000000001

# Appended to the copy of the .tjp: every task's bookings (person, start, duration), in TJP syntax.
EXPORT_REPORT = """
export "{path}" {{
  definitions -
  taskattributes booking
  resourceattributes -
}}
"""


# -- pure helpers (tested in tests/core/test_bench_leveling.py) ------------------------------------


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """``"1000:40,5000:200"`` -> [(1000, 40), (5000, 200)]."""
    sizes = []
    for part in text.split(","):
        steps, sep, people = part.strip().partition(":")
        if not sep or not steps.isdigit() or not people.isdigit() or int(steps) < 1 or int(people) < 1:
            raise ValueError(f"size {part.strip()!r} is not STEPS:PEOPLE (like 5000:200)")
        sizes.append((int(steps), int(people)))
    return sizes


def moment(text: str) -> datetime:
    """An ISO 8601 time; one without an offset is UTC (the bench plans' zone)."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def dues_from_genplan(data: dict) -> dict[str, datetime]:
    """Ref -> due moment, from genplan's --json: a date alone means close of business, 17:00 UTC."""
    dues = {}
    for step in data["steps"]:
        text = step["due"]
        if "T" in text:
            dues[step["ref"]] = moment(text)
        else:
            dues[step["ref"]] = datetime.combine(date.fromisoformat(text), CLOSE_OF_BUSINESS, tzinfo=UTC)
    return dues


@dataclass
class Schedule:
    """What the comparison reads from one schedule."""

    steps: int  # occurrences planned
    late: int
    latest_finish: datetime | None
    last: str = ""  # the ref that finishes last
    missing: list[str] = field(default_factory=list)  # refs of the plan this schedule lacks


def tj3_schedule(steps: dict[str, dict[str, str]], dues: dict[str, datetime]) -> Schedule:
    """tj3run's ``steps`` (ref -> start/finish) judged against the dues: late when finish > due."""
    finishes = {ref: moment(times["finish"]) for ref, times in steps.items()}
    late = sum(1 for ref, finish in finishes.items() if ref in dues and finish > dues[ref])
    last = max(finishes, key=finishes.__getitem__, default="")
    return Schedule(
        steps=len(finishes),
        late=late,
        latest_finish=finishes[last] if last else None,
        last=last,
        missing=sorted(set(dues) - set(finishes)),
    )


def our_schedule(data: dict, dues: dict[str, datetime]) -> Schedule:
    """Our forecast JSON: its own `late` flags, and the latest `forecast_finish`."""
    items = data["occurrences"]
    finishes = {o["ref"]: moment(o["forecast_finish"]) for o in items if o.get("forecast_finish")}
    last = max(finishes, key=finishes.__getitem__, default="")
    return Schedule(
        steps=len(items),
        late=sum(1 for o in items if o["late"]),
        latest_finish=finishes[last] if last else None,
        last=last,
        missing=sorted(set(dues) - {o["ref"] for o in items}),
    )


def due_disagreements(data: dict, dues: dict[str, datetime]) -> list[str]:
    """Refs whose due in our JSON is not the bench's (close of business of genplan's date)."""
    return [o["ref"] for o in data["occurrences"] if o["ref"] in dues and moment(o["due"]) != dues[o["ref"]]]


def late_flag_disagreements(data: dict) -> list[str]:
    """Refs whose `late` flag is not `forecast_finish > due` (a JSON that contradicts itself)."""
    wrong = []
    for o in data["occurrences"]:
        finish = o.get("forecast_finish")
        expected = finish is not None and moment(finish) > moment(o["due"])
        if bool(o["late"]) != expected:
            wrong.append(o["ref"])
    return wrong


def day_limit(day: date) -> float:
    """The bench calendar: 8 h Monday to Friday, nothing at weekends."""
    return DAY_HOURS if day.weekday() < 5 else 0.0


def daily_overruns(hours: dict[str, dict[date, float]]) -> list[tuple[str, date, float]]:
    """(person, day, hours) for every person-day planned over that day's working hours."""
    return sorted(
        (person, day, h)
        for person, days in hours.items()
        for day, h in days.items()
        if h > day_limit(day) + EPSILON
    )


def weekly_overruns(data: dict, limit: float = WEEK_HOURS) -> list[tuple[str, str, float]]:
    """(person, week, planned hours) for every person-week of our JSON planned over `limit`."""
    return [
        (person["id"], week["week"], week["planned_hours"])
        for person in data.get("people", [])
        for week in person.get("weeks", [])
        if week["planned_hours"] > limit + EPSILON
    ]


_BOOKING = re.compile(r"^\s*booking\s+(\S+)\s+(.*)$")
_INTERVAL = re.compile(
    r"(\d{4}-\d{2}-\d{2})-(\d{2}):(\d{2})(?::(\d{2}))?(?:-([+-]\d{2})(\d{2}))?\s*\+\s*([\d.]+)\s*(min|h|d)\b"
)
_UNIT_HOURS = {"min": 1 / 60, "h": 1.0, "d": 24.0}


def parse_tj3_bookings(text: str) -> dict[str, dict[date, float]]:
    """Hours booked per resource per UTC day, from a TJP export with `taskattributes booking`.

    The export writes, per task, ``booking p8 2027-05-12-16:00-+0000 + 1.0h,`` and then one
    ``2027-05-13-08:00-+0000 + 4.0h`` per further interval, on lines of their own. An interval that
    runs past midnight is split between the days it touches.
    """
    hours: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    resource = None
    for line in text.splitlines():
        stripped = line.strip()
        found = _BOOKING.match(stripped)
        if found:
            resource, stripped = found.groups()
        elif not stripped[:1].isdigit():
            if stripped.startswith(("supplement", "}")):
                resource = None  # the next task's bookings name their resource again
            continue
        if resource is None:
            continue
        for day, hh, mm, ss, off_h, off_m, amount, unit in _INTERVAL.findall(stripped):
            offset = timedelta(
                hours=int(off_h or 0), minutes=int(off_m or 0) * (-1 if off_h[:1] == "-" else 1)
            )
            begin = datetime.combine(date.fromisoformat(day), clock(int(hh), int(mm), int(ss or 0)))
            begin = (begin - offset).replace(tzinfo=UTC)
            end = begin + timedelta(hours=float(amount) * _UNIT_HOURS[unit])
            while begin < end:
                midnight = datetime.combine(begin.date() + timedelta(days=1), clock(), tzinfo=UTC)
                part = min(end, midnight)
                hours[resource][begin.date()] += (part - begin).total_seconds() / 3600
                begin = part
    return {r: dict(days) for r, days in hours.items()}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def checks_for_size(
    steps: int,
    ours: Schedule,
    ours_seconds: float,
    tj3: Schedule | None,
    tj3_seconds: float | None,
    ours_daily_over: list | None,
    ours_weekly_over: list,
) -> list[Check]:
    """The targets for one size; the speed target applies from 5,000 steps."""
    found = []
    if tj3 is not None and tj3_seconds is not None:
        ratio = tj3_seconds / ours_seconds if ours_seconds > 0 else float("inf")
        if steps >= SPEED_TARGET_FROM_STEPS:
            found.append(
                Check("speed", ratio >= SPEED_TARGET, f"tj3 / ours {ratio:.1f}x >= {SPEED_TARGET:.0f}x")
            )
        found.append(Check("late", ours.late <= tj3.late, f"late ours {ours.late:,} <= tj3 {tj3.late:,}"))
        found.append(
            Check(
                "finish",
                ours.latest_finish is not None
                and (tj3.latest_finish is None or ours.latest_finish <= tj3.latest_finish),
                f"latest finish ours {_when(ours.latest_finish)} <= tj3 {_when(tj3.latest_finish)}",
            )
        )
    found.append(Check("planned", not ours.missing, f"ours plans all {steps:,} steps"))
    if ours_daily_over is not None:
        found.append(Check("daily", not ours_daily_over, f"ours <= {DAY_HOURS:g} h a person a day"))
    found.append(Check("weekly", not ours_weekly_over, f"ours <= {WEEK_HOURS:g} h a person a week"))
    return found


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value is not None else "-"


# -- running things --------------------------------------------------------------------------------


class Failed(Exception):
    """A command of the bench failed: reported as a FAIL, and the bench goes on with the next size."""


# Our command's own code in a child, with the plan file's size cap lifted: what --big measures if
# the command refuses a large file for its size cap. Internal names: if they move, this says so
# and the bench goes on.
ENGINE = """
import gc, sys
from actionplan.core import planfile_yaml
planfile_yaml.MAX_BYTES = 1 << 40
from actionplan.commands.forecast import forecast_file
gc.disable()
sys.exit(forecast_file(sys.argv[1], as_of=sys.argv[2], fmt="json", language="en"))
"""


@dataclass
class Run:
    seconds: float
    max_rss: int  # bytes
    stdout: str


def run_timed(cmd: list[str], folder: Path) -> Run:
    """Run `cmd` once; wall time from spawn to exit, and this child's peak resident memory.

    os.wait4 gives the rusage of this one child, where getrusage(RUSAGE_CHILDREN) would give the
    peak over every child so far (tj3's Ruby included). Output goes to a file: at 100,000 steps the
    JSON is tens of MB, and reading it is not part of the command's time.
    """
    out_path, err_path = folder / "stdout.txt", folder / "stderr.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        began = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise Failed(f"{Path(cmd[0]).name} {cmd[1]} exited with status {child.returncode}: {tail.strip()}")
    return Run(seconds=seconds, max_rss=usage.ru_maxrss * 1024, stdout=out_path.read_text(encoding="utf-8"))


def genplan_path(shared: Path) -> Path:
    for path in (shared / "genplan.py", HERE / "genplan.py"):
        if path.exists():
            return path
    raise SystemExit("bench_leveling: genplan.py not found (in ../shared/bench/ or bench/)")


def find_actionplan(option: str | None) -> list[str]:
    if option:
        return [option]
    for path in (REPO / ".venv" / "bin" / "actionplan", Path(sys.executable).parent / "actionplan"):
        if path.exists():
            return [str(path)]
    found = shutil.which("actionplan")
    if found:
        return [found]
    raise SystemExit("bench_leveling: the `actionplan` command is not installed (make install)")


def generate(gen: Path, steps: int, people: int, seed: int, folder: Path) -> dict[str, Path]:
    paths = {kind: folder / f"plan.{kind}" for kind in ("yaml", "tjp", "json")}
    cmd = [sys.executable, str(gen), "--steps", str(steps), "--people", str(people), "--seed", str(seed)]
    cmd += ["--start", START.isoformat()]
    for kind, path in paths.items():
        cmd += [f"--{kind}", str(path)]
    subprocess.run(cmd, check=True)
    return paths


def ours_in_process(yaml_path: Path, as_of: datetime) -> tuple[dict[str, dict[date, float]] | None, str]:
    """Hours per person per day from our forecast run in this process, or None and why not.

    The same code the command runs (plan file -> situation -> forecast), minus the JSON, whose
    weekly figures are these days added up.
    """
    try:
        from actionplan.core import planfile, planresolve
        from actionplan.core.leveling.from_plan import situation_from_plan
        from actionplan.core.leveling.schedule import forecast
    except ImportError as exc:
        return None, f"not checked: actionplan.core.leveling is not importable ({exc})"
    data = yaml_path.read_bytes()
    try:
        from actionplan.core import planfile_yaml

        cap, planfile_yaml.MAX_BYTES = planfile_yaml.MAX_BYTES, max(planfile_yaml.MAX_BYTES, len(data))
        try:  # the cap guards users' uploads; this checks the schedule of a big bench plan
            plan = planfile.load(data, str(yaml_path))
        finally:
            planfile_yaml.MAX_BYTES = cap
        result = forecast(situation_from_plan(plan, planresolve.resolve_plan(plan), as_of))
    except Exception as exc:  # a report, not a test: say what broke and go on with the rest
        return None, f"not checked: the in-process forecast failed ({type(exc).__name__}: {exc})"
    hours = getattr(result, "hours", None)
    if not isinstance(hours, dict):
        return None, "not checked: the in-process forecast has no hours per person per day"
    return hours, f"from the same forecast in-process ({result.late_count:,} late there)"


@dataclass
class Ours:
    """Our command on one plan: timings, what its JSON says, and the daily check."""

    runs: list[Run]
    schedule: Schedule
    data: dict
    weekly_over: list[tuple[str, str, float]]
    daily_over: list[tuple[str, date, float]] | None
    daily_how: str
    refused: str | None = None  # why the command failed, when the figures are the engine's

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak(self) -> int:
        return max(r.max_rss for r in self.runs)


def run_ours(command: list[str], paths: dict[str, Path], dues: dict, as_of: datetime, runs: int) -> Ours:
    folder = paths["yaml"].parent
    cmd = [*command, "forecast", str(paths["yaml"]), "--as-of", as_of.isoformat(), "--format", "json"]
    refused = None
    try:
        timed = [run_timed(cmd, folder)]
    except Failed as exc:
        refused = str(exc)
        cmd = [sys.executable, "-c", ENGINE, str(paths["yaml"]), as_of.isoformat()]
        print(
            f"  ours: the command failed; timing its code in a child, size cap lifted: {refused}", flush=True
        )
        timed = [run_timed(cmd, folder)]
    data = json.loads(timed[0].stdout)
    timed += [run_timed(cmd, folder) for _ in range(runs - 1)]
    daily, how = ours_in_process(paths["yaml"], as_of)
    return Ours(
        runs=timed,
        schedule=our_schedule(data, dues),
        data=data,
        weekly_over=weekly_overruns(data),
        daily_over=daily_overruns(daily) if daily is not None else None,
        daily_how=how,
        refused=refused,
    )


@dataclass
class Tj3:
    schedule: Schedule
    reports_seconds: float  # the run with tasks.csv and the bookings export
    fair_seconds: float | None  # the --no-reports run; None with --tj3-once
    daily_over: list[tuple[str, date, float]]

    @property
    def seconds(self) -> float:
        """The time the ratio uses."""
        return self.fair_seconds if self.fair_seconds is not None else self.reports_seconds


def run_tj3(tj3run: Path, paths: dict[str, Path], dues: dict, once: bool) -> Tj3:
    """tj3run.py on a copy with the bookings export (schedule, hours), then --no-reports (timing)."""
    folder = paths["tjp"].parent
    copy = folder / "plan-with-bookings.tjp"
    report = EXPORT_REPORT.format(path=folder / "tj3-bookings")
    copy.write_text(paths["tjp"].read_text(encoding="utf-8") + report, encoding="utf-8")
    print(f"  running tj3 with reports on {copy.name} ...", flush=True)
    scheduled = _tj3run(tj3run, [str(copy)])
    exported = next(iter(sorted(folder.glob("tj3-bookings.tj*"))), None)
    if exported is None:
        raise Failed(f"tj3 wrote no bookings export in {folder}")
    fair = None
    if not once:
        print(f"  running tj3 --no-reports on {paths['tjp'].name} ...", flush=True)
        fair = _tj3run(tj3run, [str(paths["tjp"]), "--no-reports"])["seconds"]
    return Tj3(
        schedule=tj3_schedule(scheduled["steps"], dues),
        reports_seconds=scheduled["seconds"],
        fair_seconds=fair,
        daily_over=daily_overruns(parse_tj3_bookings(exported.read_text(encoding="utf-8"))),
    )


def _tj3run(tj3run: Path, args: list[str]) -> dict:
    done = subprocess.run([sys.executable, str(tj3run), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise Failed(f"tj3run.py {' '.join(args)} failed: {(done.stdout + done.stderr).strip()[-3000:]}")
    return json.loads(done.stdout)


# -- the report ------------------------------------------------------------------------------------


def _row(label: str, tj3: str, ours: str, note: str = "") -> None:
    print(f"  {label:<24}{tj3:>18}{ours:>18}   {note}".rstrip())


def _over(over: list | None) -> str:
    if over is None:
        return "not checked"
    if not over:
        return "ok"
    who, when, hours = over[0]
    return f"OVER x{len(over):,}, e.g. {who} {when} {hours:g} h"


def bench_one(
    steps: int, people: int, args: argparse.Namespace, tools: dict, root: Path, with_tj3: bool
) -> list[Check]:
    folder = root / f"{steps}-{people}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = generate(tools["genplan"], steps, people, args.seed, folder)
    dues = dues_from_genplan(json.loads(paths["json"].read_text(encoding="utf-8")))
    as_of = datetime.combine(START, clock(), tzinfo=UTC)
    alone = "" if with_tj3 else ", ours only"
    print(
        f"\n== {steps:,} steps / {people:,} people{alone} (seed {args.seed}, as of {as_of.isoformat()})",
        flush=True,
    )

    found: list[Check] = []
    try:
        ours = run_ours(tools["actionplan"], paths, dues, as_of, args.runs)
    except Failed as exc:
        print(f"  FAIL  ours did not run: {exc}")
        return [Check("ours-ran", False, f"ours ran at {steps:,} steps: {str(exc)[-300:]}")]
    if ours.refused:
        found.append(Check("command", False, f"the command ran at {steps:,} steps: {ours.refused[-300:]}"))
    tj3 = None
    if with_tj3:
        try:
            tj3 = run_tj3(tools["tj3run"], paths, dues, args.tj3_once)
        except Failed as exc:
            print(f"  FAIL  tj3 did not run: {exc}")
            found.append(Check("tj3-ran", False, f"tj3 ran at {steps:,} steps: {str(exc)[-300:]}"))

    name = "ours (engine)" if ours.refused else "ours"
    first = f"{name}: best of {len(ours.runs)}, first {ours.runs[0].seconds:.3f} s"
    _row("", "tj3" if tj3 else "", name)
    if tj3:
        timed = "--no-reports" if tj3.fair_seconds is not None else "with reports (--tj3-once)"
        _row("wall time, s", f"{tj3.seconds:.2f}", f"{ours.best:.3f}", f"tj3 {timed}; {first}")
        if tj3.fair_seconds is not None:
            _row("tj3 with reports, s", f"{tj3.reports_seconds:.2f}", "", "tasks.csv + bookings export")
        _row("ratio tj3 / ours", f"{tj3.seconds / ours.best:.1f}x", "")
    else:
        _row("wall time, s", "", f"{ours.best:.3f}", first)
    _row("peak memory, MiB", "", f"{ours.peak / 2**20:.0f}", "ours: the largest of its runs")
    theirs = tj3.schedule if tj3 else None
    _row(
        "steps planned",
        f"{theirs.steps:,}" if theirs else "",
        f"{ours.schedule.steps:,}",
        f"of {len(dues):,}",
    )
    _row(
        "late steps",
        f"{theirs.late:,}" if theirs else "",
        f"{ours.schedule.late:,}",
        "finish > due 17:00 UTC",
    )
    _row(
        "latest finish",
        _when(theirs.latest_finish) if theirs else "",
        _when(ours.schedule.latest_finish),
        "UTC",
    )
    _row("  of", theirs.last if theirs else "", ours.schedule.last)
    print(f"  daily hours <= {DAY_HOURS:g}, none at weekends:")
    if tj3:
        print(f"    tj3:  {_over(tj3.daily_over)} (its bookings, from an export report)")
    print(f"    ours: {_over(ours.daily_over)} ({ours.daily_how})")
    print(f"  weekly planned <= {WEEK_HOURS:g} h, ours (its JSON): {_over(ours.weekly_over)}")
    for label, refs in (
        ("our dues that are not close of business of genplan's date", due_disagreements(ours.data, dues)),
        ("our late flags that are not finish > due", late_flag_disagreements(ours.data)),
        ("steps missing from ours", ours.schedule.missing),
        ("steps missing from tj3", theirs.missing if theirs else []),
    ):
        if refs:
            print(f"  NOTE {label}: {len(refs):,} (e.g. {', '.join(refs[:3])})")

    if steps >= BIG_SIZE[0]:  # the 100,000-step targets
        found.append(
            Check("big-speed", ours.best < BIG_SECONDS, f"{name} {ours.best:.2f} s < {BIG_SECONDS:g} s")
        )
        found.append(
            Check(
                "big-memory", ours.peak < BIG_BYTES, f"{name} peak {ours.peak / 2**20:,.0f} MiB < 1,024 MiB"
            )
        )
    found += checks_for_size(
        steps,
        ours.schedule,
        ours.best,
        theirs,
        tj3.seconds if tj3 else None,
        ours.daily_over,
        ours.weekly_over,
    )
    for check in found:
        print(f"  {'PASS' if check.ok else 'FAIL'}  {check.detail}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help=f"STEPS:PEOPLE,... (default {DEFAULT_SIZES})")
    parser.add_argument("--big", action="store_true", help="also 100,000 steps / 4,000 people, ours only")
    parser.add_argument("--skip-tj3", action="store_true", help="ours only")
    parser.add_argument("--tj3-once", action="store_true", help="one tj3 run per size (with reports)")
    parser.add_argument("--runs", type=int, default=5, help="runs of ours per size; the best counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shared", help="the folder of genplan.py and tj3run.py (default ../shared/bench)")
    parser.add_argument("--actionplan", help="our command (default .venv/bin/actionplan)")
    parser.add_argument("--keep", help="write the plans and outputs here and keep them")
    args = parser.parse_args(argv)
    try:
        sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        parser.error(str(exc))
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    shared = Path(args.shared) if args.shared else SHARED
    tools = {"genplan": genplan_path(shared), "actionplan": find_actionplan(args.actionplan)}
    with_tj3 = not args.skip_tj3
    if with_tj3:
        if shutil.which("tj3") is None:
            print(
                "bench_leveling: tj3 (TaskJuggler 3) is not installed: `apt-get install -y tj3`,"
                " or pass --skip-tj3 to time ours alone",
                file=sys.stderr,
            )
            return 2
        tools["tj3run"] = shared / "tj3run.py"
        if not tools["tj3run"].exists():
            print(f"bench_leveling: {tools['tj3run']} not found (pass --shared DIR)", file=sys.stderr)
            return 2

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-leveling-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"bench_leveling: ours = {' '.join(tools['actionplan'])} forecast; plans from {tools['genplan']}")
    results: list[tuple[str, Check]] = []
    try:
        for steps, people in sizes:
            for check in bench_one(steps, people, args, tools, root, with_tj3):
                results.append((f"{steps}:{people}", check))
        if args.big:
            for check in bench_one(*BIG_SIZE, args, tools, root, with_tj3=False):
                results.append((f"{BIG_SIZE[0]}:{BIG_SIZE[1]}", check))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    failed = [(size, c) for size, c in results if not c.ok]
    print()
    if failed:
        print(f"RESULT: FAIL ({len(failed)} of {len(results)} checks)")
        for size, check in failed:
            print(f"  FAIL {size}: {check.detail}")
    else:
        print(f"RESULT: PASS (all {len(results)} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
