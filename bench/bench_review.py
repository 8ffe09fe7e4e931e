"""Benchmark: render the review page (`/o/bench/reviews/new`) of an organization with 10,000
occurrences (target: under 300 ms), against a raw lower bound.

    .venv/bin/python bench/bench_review.py [--steps 10000] [--runs 7]

Builds a temporary SQLite database, imports a generated plan (bench/genplan.py: one-off steps, one
occurrence each, 400 people) whose start is 120 days ago, so the review falls mid-plan, and marks
the work due before now done (two in three on time, one in three two days late). Then times, as
the median of --runs:

- the page: GET through Django's test client, logged in as the owner (session, organization,
  agenda: the forecast and the review, the form of every open item, the template);
- the agenda alone (`accountability.reviews.agenda`: the reads, the forecast, the sections);
- the raw lower bound: the page's own SQL statements, run again with bare cursor and fetchall,
  no ORM, no computation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_import import _genplan  # noqa: E402 - the one place that finds genplan.py

TARGET_MS = 300.0


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["ACTIONPLAN_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "actionplan.settings"
    os.environ["ACTIONPLAN_TESTING"] = "1"  # static files without a collected manifest
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from actionplan.accountability.reviews import Scope, agenda
    from actionplan.orgs.models import Membership, Organization
    from actionplan.planning.importer import import_plan_file
    from actionplan.planning.models import Occurrence

    setup_test_environment()  # the test client's host
    call_command("migrate", interactive=False, verbosity=0)
    gen = _genplan()  # the same generator bench_import uses
    today = date.today()
    start = today - timedelta(days=today.weekday() + 120)
    people = max(1, args.steps // 25)
    path = folder / "plan.yaml"
    gen.write_yaml(str(path), gen.build(args.steps, people, 1, start, 0.3), people, start)
    import_plan_file(path.read_bytes(), path.name)
    org = Organization.objects.get(key="bench")
    now = timezone.now()
    past = Occurrence.objects.filter(organization=org, due__lt=now)
    past.update(completed_at=F("due") - timedelta(hours=1))
    past.filter(id__in=[i for i in past.values_list("id", flat=True) if i % 3 == 0]).update(
        completed_at=F("due") + timedelta(days=2)
    )
    occurrences = Occurrence.objects.filter(organization=org).count()
    done = Occurrence.objects.filter(organization=org, completed_at__isnull=False).count()

    user = get_user_model().objects.create_user("owner", password="x")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.OWNER)
    client = Client()
    client.force_login(user)
    url = "/o/bench/reviews/new"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    size = len(page().content)  # warm: templates, translations
    with CaptureQueriesContext(connection) as ctx:
        page()
    raw_sql = [q["sql"] for q in ctx.captured_queries]

    def bare():
        with connection.cursor() as cursor:
            for sql in raw_sql:
                cursor.execute(sql)
                cursor.fetchall()

    bare()
    page_ms = _median_ms(page, args.runs)
    agenda_ms = _median_ms(lambda: agenda(org, Scope(), timezone.now()), args.runs)
    raw_ms = _median_ms(bare, args.runs)
    print(
        f"review page of {occurrences:,} occurrences ({done:,} done, {people} people) on {connection.vendor},"
        f" {len(raw_sql)} queries, {size:,} bytes of HTML; median of {args.runs}"
    )
    print(
        f"  page (test client)        {page_ms:8.1f} ms  ",
        f"{page_ms / TARGET_MS:.0%} of the {TARGET_MS:.0f} ms target",
    )
    print(f"  agenda (reads + forecast) {agenda_ms:8.1f} ms")
    print(f"  raw lower bound (its SQL) {raw_ms:8.1f} ms   page x{page_ms / raw_ms:.1f}")


if __name__ == "__main__":
    main()
