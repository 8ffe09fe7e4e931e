# Vendored from ../shared/bench/genplan.py (the shared benchmark generator): the same code, only
# reformatted by ruff, so `bench/bench_import.py` runs from a checkout that has no ../shared.
# ruff: noqa
"""Write one synthetic planning workload twice: as an actionplan plan file (YAML, version 1)
and as the equivalent TaskJuggler 3 project (.tjp), for side-by-side leveling benchmarks.

    genplan.py --steps 5000 --people 200 --seed 1 --yaml plan.yaml --tjp plan.tjp [--json plan.json]

--json writes the same workload as plain JSON (people and steps with their refs), for loading into
other peers without a YAML parser.

Model: one organization (UTC, Monday-Friday, 08:00-12:00 + 13:00-17:00, no holidays), people
p1..pR with 40 h/week (8 h/day), one strategy `bench` starting --start, action plans ap1..apK of
up to 20 steps t1..t20. Each step: effort 1-40 h, one person, a priority, an absolute due date,
and with probability --dep-prob an `after` on an earlier sibling (so no cycles).
Standard library only; the same --seed gives the same files.
"""

import argparse
import datetime as dt
import json
import math
import random

PRIORITIES = [("low", 300), ("normal", 500), ("high", 700), ("critical", 900)]
PRIORITY_WEIGHTS = [2, 6, 2, 1]


def build(steps, people, seed, start, dep_prob, per_plan=20):
    rnd = random.Random(seed)
    plans = []
    left = steps
    for p in range(1, max(1, math.ceil(steps / per_plan)) + 1):
        n = min(per_plan, left)
        left -= n
        items = []
        for t in range(1, n + 1):
            name, tj_prio = rnd.choices(PRIORITIES, PRIORITY_WEIGHTS)[0]
            due = start + dt.timedelta(days=rnd.randint(14, 330))
            while due.weekday() >= 5:  # keep due dates on working days
                due -= dt.timedelta(days=1)
            after = rnd.randint(1, t - 1) if t > 1 and rnd.random() < dep_prob else None
            items.append(
                dict(
                    id=f"t{t}",
                    effort=rnd.randint(1, 40),
                    who=f"p{rnd.randint(1, people)}",
                    priority=name,
                    tj_priority=tj_prio,
                    due=due,
                    after=after,
                )
            )
        plans.append((f"ap{p}", items))
    return plans


def write_yaml(path, plans, people, start):
    out = [
        "version: 1",
        "organization:",
        "  id: bench",
        "  name: Benchmark Co",
        "  locale: en",
        "  timezone: UTC",
        "  currency: VND",
        "  calendar:",
        "    work_week: mon-fri",
        '    hours: "08:00-12:00, 13:00-17:00"',
        "    holidays: none",
        "people:",
    ]
    out += [f"  - {{id: p{r}, name: Person {r}, capacity: 40h/week}}" for r in range(1, people + 1)]
    out += [
        "strategies:",
        "  - id: bench",
        "    title: Benchmark strategy",
        f"    start: {start.isoformat()}",
        "    action_plans:",
    ]
    for plan_id, items in plans:
        out += [f"      - id: {plan_id}", f"        title: Action plan {plan_id[2:]}", "        steps:"]
        for s in items:
            line = (
                f"          - {{id: {s['id']}, title: Step {s['id'][1:]} of {plan_id}, who: {s['who']}, "
                f"effort: {s['effort']}h, priority: {s['priority']}, due: {s['due'].isoformat()}"
            )
            if s["after"]:
                line += f", after: [t{s['after']}]"
            out.append(line + "}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_tjp(path, plans, people, start):
    end = start + dt.timedelta(days=3 * 365)
    out = [
        f'project bench "Benchmark" {start.isoformat()} - {end.isoformat()} {{',
        '  timezone "UTC"',
        '  timeformat "%Y-%m-%d %H:%M"',
        f"  now {start.isoformat()}",
        "  workinghours mon - fri 8:00 - 12:00, 13:00 - 17:00",
        "  workinghours sat, sun off",
        "}",
        'resource people "People" {',
    ]
    out += [f'  resource p{r} "Person {r}" {{ limits {{ dailymax 8h }} }}' for r in range(1, people + 1)]
    out.append("}")
    for plan_id, items in plans:
        out += [f'task {plan_id} "Action plan {plan_id[2:]}" {{', f"  start {start.isoformat()}"]
        for s in items:
            out.append(
                f'  task {s["id"]} "Step" {{ effort {s["effort"]}h allocate {s["who"]} '
                f"priority {s['tj_priority']}" + (f" depends !t{s['after']}" if s["after"] else "") + " }"
            )
        out.append("}")
    out += [
        'taskreport tasks "tasks" {',
        "  formats csv",
        "  columns id, start, end",
        '  timeformat "%Y-%m-%d %H:%M"',
        "}",
    ]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_json(path, plans, people, start):
    steps = [
        {
            "ref": f"bench/{plan_id}/{s['id']}",
            "title": f"Step {s['id'][1:]} of {plan_id}",
            "who": s["who"],
            "effort_hours": s["effort"],
            "priority": s["priority"],
            "start": start.isoformat(),
            "due": s["due"].isoformat(),
            "after": f"bench/{plan_id}/t{s['after']}" if s["after"] else None,
        }
        for plan_id, items in plans
        for s in items
    ]
    data = {
        "start": start.isoformat(),
        "people": [
            {"id": f"p{r}", "name": f"Person {r}", "capacity_hours_per_week": 40}
            for r in range(1, people + 1)
        ],
        "steps": steps,
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--people", type=int, help="default: steps / 25")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", default="2027-01-04", help="a Monday")
    ap.add_argument("--dep-prob", type=float, default=0.3)
    ap.add_argument("--yaml")
    ap.add_argument("--tjp")
    ap.add_argument("--json")
    a = ap.parse_args()
    people = a.people or max(1, a.steps // 25)
    start = dt.date.fromisoformat(a.start)
    plans = build(a.steps, people, a.seed, start, a.dep_prob)
    if a.yaml:
        write_yaml(a.yaml, plans, people, start)
    if a.tjp:
        write_tjp(a.tjp, plans, people, start)
    if a.json:
        write_json(a.json, plans, people, start)


if __name__ == "__main__":
    main()
