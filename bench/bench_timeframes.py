#!/usr/bin/env python3
"""Time parse + resolve of 10,000 mixed time-frame phrases against the 1 s target.

    .venv/bin/python bench/bench_timeframes.py [--steps 10000] [--seed 1] [--yaml plan.yaml]

Phrases: dates (ISO, dd/mm/yyyy and without a year), offsets (also in words), plan and calendar
periods (end, start, middle; this and next), weekdays, holidays by name, recurrences (on weekdays,
on a day of the month; resolved to their occurrences) and response targets, in English and
Vietnamese, with random numbers and plan starts so that most are distinct. ``--yaml`` also takes
the `due:` phrases of a plan file such as the one /work/shared/bench/genplan.py writes. The "raw
lower bound" does the least work any resolver must do for the same count: ``date.fromisoformat``
plus a ``timedelta``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from actionplan.core import timeframe as tf  # noqa: E402
from actionplan.core import workcal  # noqa: E402

TARGET_SECONDS = 1.0
EN_ORD = ["first", "second", "third", "fourth", "fifth", "sixth"]
VI_ORD = ["đầu tiên", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
VI_DAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ 2", "T5", "CN"]
EN_MONTHS = ["January", "March", "Apr", "June", "September", "December"]


def phrase(rnd: random.Random, wide: bool = False) -> str:
    # wide: larger ranges, so that 10,000 phrases can all be different
    n, m = rnd.randint(1, 400 if wide else 52), rnd.randint(1, 120 if wide else 12)
    day = date(2027, 1, 1) + timedelta(days=rnd.randint(0, 7000 if wide else 700))
    return rnd.choice(
        [
            day.isoformat(),
            f"{day:%d/%m/%Y}",
            f"{day.isoformat()} {rnd.randint(8, 16)}:{rnd.choice(['00', '30'])}",
            f"+{n} days",
            f"+{n} ngày làm việc",
            f"+{m} months",
            f"+{n} tuần",
            f"end of week {n}",
            f"end of month {m}",
            f"end of week {rnd.randint(1, 4)} of month {m}",
            f"end of the {rnd.choice(EN_ORD[:4])} week of the {rnd.choice(EN_ORD)} month",
            f"cuối tuần {rnd.choice(VI_ORD[:4])} của tháng {rnd.choice(VI_ORD)}",
            f"cuối tháng thứ {m}",
            f"cuối quý thứ {rnd.randint(1, 4)}",
            f"{rnd.choice(['cuối', 'đầu', 'giữa'])} tháng {rnd.randint(1, 12)}",
            f"{rnd.choice(['end of', 'start of', 'mid'])} {rnd.choice(EN_MONTHS)}",
            f"cuối quý {rnd.randint(1, 4)}",
            f"end of Q{rnd.randint(1, 4)} {rnd.randint(2027, 2030)}",
            f"{rnd.randint(1, 28)}/{rnd.randint(1, 12)}",
            rnd.choice(["cuối năm", "cuối tháng này", "cuối tháng sau", "tuần sau", "end of next month"]),
            f"{rnd.choice(EN_DAYS)} of week {rnd.randint(1, n)}",
            f"{rnd.choice(VI_DAYS)} tuần thứ {rnd.randint(1, 8)}",
            f"sau {n} ngày làm việc",
            f"{rnd.randint(1, 8)} {rnd.choice(['tuần', 'ngày'])} trước Tết",
            rnd.choice(["before Tết", "sau Tết"]),
            f"every {rnd.randint(1, 4)} weeks",
            rnd.choice(["weekly", "monthly", "hàng tháng", "thường xuyên", "quarterly", "biweekly"]),
            f"{rnd.choice(VI_DAYS)} hàng tuần",
            f"every {rnd.choice(EN_DAYS)} and {rnd.choice(EN_DAYS)}",
            f"ngày {rnd.randint(1, 31)} hàng tháng",
            f"{rnd.choice(EN_ORD[:4])} {rnd.choice(EN_DAYS)} of each month",
            f"within {rnd.randint(1, 12)} hours",
            f"trong vòng {rnd.randint(1, 12)} giờ làm việc",
            rnd.choice(["same day", "next business day", "trong ngày", "ngày hôm sau"]),
        ]
    )


def yaml_phrases(path: str) -> list[str]:
    text = Path(path).read_text(encoding="utf-8")
    return [m.group(1).strip() for m in re.finditer(r"\bdue: ([^,}\n]+)", text)]


def run(phrases: list[str], starts: list[date], arrivals: list[datetime], cal: workcal.WorkCalendar) -> int:
    """Parse and resolve every phrase; return how many moments came out."""
    moments = 0
    for text, start, arrived in zip(phrases, starts, arrivals, strict=True):
        value = tf.parse(text)
        if isinstance(value, tf.Recurrence):
            moments += len(tf.occurrences(value, start, cal, times=3))
        elif isinstance(value, tf.ResponseTarget):
            tf.respond_by(value, arrived, cal)
            moments += 1
        else:
            tf.resolve(value, start, cal)
            moments += 1
    return moments


def raw_lower_bound(days: list[str]) -> None:
    step = timedelta(days=10)
    for text in days:
        date.fromisoformat(text) + step  # noqa: B018 - the work being timed


def clear_caches() -> None:
    tf.parser._parse.cache_clear()
    tf.parser._parse_in.cache_clear()
    tf.lexer._tokenize.cache_clear()
    tf.resolver._resolve.cache_clear()
    tf.resolver._locate.cache_clear()
    workcal.holiday_names.cache_clear()
    tf.named_holidays._keys.cache_clear()
    tf.named_holidays.matching_days.cache_clear()
    tf.named_holidays._languages.cache_clear()
    workcal._holiday_set.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--yaml", help="also use the due phrases of this plan file")
    args = parser.parse_args()
    status = 0

    rnd = random.Random(args.seed)
    mixed = yaml_phrases(args.yaml)[: args.steps // 2] if args.yaml else []
    mixed += [phrase(rnd) for _ in range(args.steps - len(mixed))]
    distinct: set[str] = set()
    while len(distinct) < args.steps:
        distinct.add(phrase(rnd, wide=True))
    cal = workcal.WorkCalendar()
    for name, phrases in (("mixed", mixed), ("all distinct", sorted(distinct))):
        starts = [date(2027, 1, 1) + timedelta(days=rnd.randint(0, 365)) for _ in phrases]
        arrivals = [datetime(2027, 1, 1, 8) + timedelta(minutes=rnd.randint(0, 525_600)) for _ in phrases]
        clear_caches()
        t0 = time.perf_counter()
        moments = run(phrases, starts, arrivals, workcal.WorkCalendar())  # a fresh calendar: cold caches
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        run(phrases, starts, arrivals, cal)
        warm = time.perf_counter() - t0
        t0 = time.perf_counter()
        raw_lower_bound([s.isoformat() for s in starts])
        raw = time.perf_counter() - t0
        print(f"{name}: {len(phrases)} phrases ({len(set(phrases))} distinct), {moments} moments resolved")
        print(f"  parse+resolve, cold caches: {cold:.3f} s = {cold / TARGET_SECONDS:.2f} x the 1 s target")
        print(f"  parse+resolve, warm caches: {warm:.3f} s = {warm / TARGET_SECONDS:.2f} x the target")
        print(
            f"  raw lower bound (fromisoformat + timedelta): {raw:.4f} s; cold = {cold / raw:.0f} x the bound"
        )
        if cold > TARGET_SECONDS:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
