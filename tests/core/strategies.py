"""Hypothesis strategies that generate valid PlanFile values (plan file v1).

Every generated plan loads (`load(dump(p)) == p`) and resolves (`planresolve.resolve_plan(p)`):
references point at existing parties, goals and earlier steps (so no cycles), phrases come from
lists the time-frame parser accepts, and `done` on a repeating step only names occurrences that
`times` guarantees. Reused by the Django tests for the database round trip:

    from strategies import plan_files   # tests/core is on sys.path for tests collected there;
                                        # elsewhere: sys.path.insert(0, "tests/core") first
    @given(plan_files())
    def test_round_trip(plan): ...
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

from actionplan.core.planfile import (
    ActionPlanSpec,
    CalendarSpec,
    GoalSpec,
    MeasurementSpec,
    OrganizationSpec,
    PersonSpec,
    PlanFile,
    ServiceStandardSpec,
    StepSpec,
    StrategySpec,
    TeamSpec,
    VendorSpec,
)

DUE_PHRASES = (
    "end of month 1",
    "end of month 2",
    "end of week 2 of month 1",
    "+10 days",
    "+5 business days",
    "+2 weeks",
    "cuối tháng đầu tiên",
    "cuối tuần thứ hai của tháng đầu tiên",
    "cuối tháng thứ ba",
)
# (repeat, due of each occurrence or None = end of each period); weekly..quarterly fit the horizon.
REPEATS = (
    ("weekly", None),
    ("weekly", "end of week"),
    ("monthly", "end of month"),
    ("hàng tháng", "cuối tháng"),
    ("every 2 weeks", None),
    ("regularly", None),
    ("thường xuyên", None),
    ("quarterly", "end of quarter"),
)
UNTIL_PHRASES = ("end of month 6", "end of month 3", "cuối tháng thứ sáu")
HORIZONS = ("end of month 12", "end of month 9", "cuối tháng thứ chín")
TARGET_PHRASES = (
    "within 4 business hours",
    "same business day",
    "next business day",
    "trong vòng 4 giờ làm việc",
)
WORK_WEEKS = ("mon-fri", "mon-sat", "t2-t7")
HOURS = ("08:00-12:00, 13:00-17:00", "07:30-11:30, 13:30-17:30", "09:00-17:00")

# Unicode text: Vietnamese letters, punctuation YAML cares about (quotes, ':', '#'), and now and
# then control characters, line separators and a byte-order mark, which dump must escape.
_LETTERS = st.one_of(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
    st.sampled_from(["\t", "\r", "\x00", "\x7f", "\x85", "\u2028", "\ufeff", ":", "#", " ", "'", '"', "\\"]),
)
TEXT = st.text(_LETTERS, min_size=1, max_size=30).filter(lambda s: s.strip() != "")
TITLE = st.one_of(
    TEXT, st.sampled_from(["Lập danh sách truyền thông", "yes", "null", "123", "#1: note", "- x"])
)
DESCRIPTION = st.one_of(st.just(""), TEXT, st.lists(TEXT, min_size=2, max_size=3).map("\n".join))
SLUG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)

PLAN_DATES = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))
# A fixed UTC offset as ISO 8601 writes them: whole quarter hours from -12:00 to +14:00.
OFFSETS = st.integers(-48, 56).map(lambda q: timezone(timedelta(minutes=15 * q)))
WHEN = st.one_of(
    PLAN_DATES,
    st.builds(
        datetime.combine,
        PLAN_DATES,
        st.builds(time, st.integers(0, 23), st.integers(0, 59), st.sampled_from([0, 0, 30])),
    ),
    # A precise moment with its offset (a completion time copied from the product's JSON).
    st.builds(
        datetime.combine,
        PLAN_DATES,
        st.builds(
            time,
            st.integers(0, 23),
            st.integers(0, 59),
            st.integers(0, 59),
            st.sampled_from([0, 0, 250000, 123456]),
            tzinfo=OFFSETS,
        ),
    ),
)
MONEY_VND = st.integers(0, 10**11).map(Decimal)
HOURS_AMOUNT = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)
MEASURE = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
PRIORITY = st.sampled_from(("low", "normal", "high", "critical"))


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)


@st.composite
def calendars(draw: st.DrawFn) -> CalendarSpec:
    by_day = draw(st.lists(st.sampled_from(["sat", "sun"]), unique=True, max_size=2))
    days = draw(st.lists(PLAN_DATES, unique=True, max_size=4))
    split = draw(st.integers(0, len(days)))
    return CalendarSpec(
        work_week=draw(st.sampled_from(WORK_WEEKS)),
        hours=draw(st.sampled_from(HOURS)),
        hours_by_day=tuple((day, draw(st.sampled_from(HOURS))) for day in ("sat", "sun") if day in by_day),
        holidays=draw(st.sampled_from(["VN", None, "US"])),
        closed_days=tuple(days[:split]),
        working_days=tuple(days[split:]),
    )


@st.composite
def steps(draw: st.DrawFn, step_id: str, earlier: list[str], parties: list[str]) -> StepSpec:
    """A step; `earlier` holds refs (as written) of steps before it, the only ones it may follow."""
    after = tuple(draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3))) if earlier else ()
    common = dict(
        id=step_id,
        title=draw(TITLE),
        description=draw(DESCRIPTION),
        who=draw(_optional(st.sampled_from(parties))),
        start=draw(_optional(PLAN_DATES)),
        effort=draw(_optional(HOURS_AMOUNT)),
        cost=draw(_optional(MONEY_VND)),
        priority=draw(PRIORITY),
        after=after,
    )
    if draw(st.booleans()):
        repeat, due = draw(st.sampled_from(REPEATS))
        times = draw(_optional(st.integers(1, 3)))
        until = draw(_optional(st.sampled_from(UNTIL_PHRASES))) if times is None else None
        # Only occurrences that `times` guarantees can be marked done.
        done_numbers = draw(st.lists(st.integers(1, times), unique=True, max_size=times)) if times else []
        done = tuple(sorted((n, draw(WHEN)) for n in done_numbers))
        return StepSpec(**common, due=due, repeat=repeat, times=times, until=until, done=done)
    due = draw(_optional(st.sampled_from(DUE_PHRASES)))
    done = ((1, draw(WHEN)),) if draw(st.booleans()) else ()
    return StepSpec(**common, due=due, done=done)


@st.composite
def plan_files(draw: st.DrawFn, max_strategies: int = 2) -> PlanFile:
    party_ids = draw(st.lists(SLUG, unique=True, min_size=1, max_size=6))
    n_people = draw(st.integers(1, len(party_ids)))
    n_teams = draw(st.integers(0, len(party_ids) - n_people))
    person_ids = party_ids[:n_people]
    team_ids = party_ids[n_people : n_people + n_teams]
    vendor_ids = party_ids[n_people + n_teams :]
    teams = tuple(
        TeamSpec(id=t, name=draw(TITLE), lead=draw(_optional(st.sampled_from(person_ids)))) for t in team_ids
    )
    people = tuple(
        PersonSpec(
            id=p,
            name=draw(TITLE),
            email=draw(st.sampled_from(["", f"{p}@example.vn"])),
            team=draw(_optional(st.sampled_from(team_ids))) if team_ids else None,
            capacity=draw(st.decimals(min_value=0, max_value=168, places=1, allow_nan=False)),
            rate=draw(_optional(MONEY_VND)),
            time_off=tuple(
                (a, a + timedelta(days=k))
                for a, k in draw(st.lists(st.tuples(PLAN_DATES, st.integers(0, 10)), max_size=2))
            ),
        )
        for p in person_ids
    )
    vendors = tuple(
        VendorSpec(
            id=v,
            name=draw(TITLE),
            kind=draw(st.sampled_from(["", "writer", "pr-firm"])),
            contact=draw(st.one_of(st.just(""), TEXT)),
            phone=draw(st.sampled_from(["", "0905 123 456", "+84 236 3888 123"])),
            fee=draw(_optional(MONEY_VND)),
        )
        for v in vendor_ids
    )
    strategies = []
    earlier: list[tuple[str, str, str]] = []  # (strategy, plan, step) in file order
    for s_id in draw(st.lists(SLUG, unique=True, max_size=max_strategies)):
        start = draw(PLAN_DATES)
        goal_ids = draw(st.lists(SLUG, unique=True, max_size=2))
        goals = tuple(
            GoalSpec(
                id=g,
                title=draw(TITLE),
                metric=draw(st.one_of(st.just(""), TEXT)),
                unit=draw(st.sampled_from(["", "%", "bài"])),
                baseline=draw(_optional(MEASURE)),
                # The direction is written inside the target (">= 2"), so it exists only with one.
                **draw(
                    st.one_of(
                        st.just({}),
                        st.fixed_dictionaries(
                            {"direction": st.sampled_from(["at_least", "at_most"]), "target": MEASURE}
                        ),
                    )
                ),
                due=draw(_optional(st.sampled_from(DUE_PHRASES))),
                measurements=tuple(
                    MeasurementSpec(
                        at=draw(WHEN), value=draw(MEASURE), note=draw(st.one_of(st.just(""), TEXT))
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ),
            )
            for g in goal_ids
        )
        plans = []
        for p_id in draw(st.lists(SLUG, unique=True, max_size=2)):
            plan_steps = []
            for step_id in draw(st.lists(SLUG, unique=True, max_size=4)):
                refs = [
                    st_ if (s, p) == (s_id, p_id) else f"{p}/{st_}" if s == s_id else f"{s}/{p}/{st_}"
                    for s, p, st_ in earlier
                ]
                plan_steps.append(draw(steps(step_id, refs, party_ids)))
                earlier.append((s_id, p_id, step_id))
            plans.append(
                ActionPlanSpec(
                    id=p_id,
                    title=draw(TITLE),
                    description=draw(DESCRIPTION),
                    goal=draw(_optional(st.sampled_from(goal_ids))) if goal_ids else None,
                    responsible=draw(st.sampled_from(party_ids)),
                    priority=draw(PRIORITY),
                    # Within the strategy's first months, so repeating steps meet its horizon.
                    start=draw(_optional(st.integers(0, 60).map(lambda n, s=start: s + timedelta(days=n)))),
                    steps=tuple(plan_steps),
                    service_standards=tuple(
                        ServiceStandardSpec(
                            id=f"std-{i}",
                            title=draw(TITLE),
                            channel=draw(st.sampled_from(["email", "phone", "letter", "chat"])),
                            target=draw(st.sampled_from(TARGET_PHRASES)),
                            who=draw(_optional(st.sampled_from(party_ids))),
                        )
                        for i in range(draw(st.integers(0, 2)))
                    ),
                )
            )
        strategies.append(
            StrategySpec(
                id=s_id,
                title=draw(TITLE),
                description=draw(DESCRIPTION),
                owner=draw(_optional(st.sampled_from(person_ids))),
                start=start,
                horizon=draw(st.sampled_from(HORIZONS)),
                budget=draw(_optional(MONEY_VND)),
                priority=draw(PRIORITY),
                status=draw(st.sampled_from(["active", "paused", "done", "dropped"])),
                goals=goals,
                action_plans=tuple(plans),
            )
        )
    organization = OrganizationSpec(
        id=draw(SLUG),
        name=draw(TITLE),
        locale=draw(st.sampled_from(["vi", "en"])),
        timezone=draw(st.sampled_from(["Asia/Ho_Chi_Minh", "UTC", "Asia/Bangkok"])),
        currency="VND",
        calendar=draw(calendars()),
    )
    return PlanFile(
        organization=organization, teams=teams, people=people, vendors=vendors, strategies=tuple(strategies)
    )
