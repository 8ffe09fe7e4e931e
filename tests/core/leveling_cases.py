"""Small builders and a hypothesis strategy of Situations for the leveling tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from actionplan.core.leveling.model import PRIORITY_NAMES, Person, Situation, Team, Vendor, Work
from actionplan.core.workcal import WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar(timezone="Asia/Ho_Chi_Minh", holidays=None)  # Mon-Fri 08-12, 13-17
MONDAY = date(2027, 3, 1)


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def cob(day: date) -> datetime:
    """Close of business."""
    return at(day, 17)


def work(ref: str, who: str, effort: float | None, due: date, **kw: object) -> Work:
    kw.setdefault("earliest", at(MONDAY))
    kw.setdefault("strategy", "s")
    return Work(ref=ref, title=ref, responsible=who, effort=effort, due=cob(due), **kw)  # type: ignore[arg-type]


def situation(
    *items: Work, people=("lan",), teams=(), vendors=(), as_of=None, capacity=None, time_off=None
) -> Situation:  # noqa: ANN001
    capacity = capacity or {}
    time_off = time_off or {}
    team_of = {m: t.id for t in teams for m in t.members}
    return Situation(
        calendar=CAL,
        as_of=as_of or at(MONDAY),
        people=tuple(
            Person(
                id=p,
                name=p.title(),
                capacity=capacity.get(p, 40.0),
                team=team_of.get(p),
                time_off=time_off.get(p, ()),
            )
            for p in people
        ),
        teams=tuple(teams),
        vendors=tuple(vendors),
        work=tuple(items),
        strategy_titles={"s": "Marketing", "t": "Customer service"},
    )


PEOPLE = ("an", "binh", "chi", "dung")


@st.composite
def situations(
    draw, *, dependencies: bool = True, teams: bool = True, vendors: bool = True, done: bool = True
) -> Situation:  # noqa: ANN001
    """Random small organizations: 1-4 people (some part-time, some on leave), a team, a vendor,
    up to 25 occurrences with efforts, priorities, starts, dues and `after` links to earlier ones."""
    n_people = draw(st.integers(1, len(PEOPLE)))
    people = PEOPLE[:n_people]
    capacity = {p: draw(st.sampled_from([40.0, 40.0, 20.0, 30.0, 10.0])) for p in people}
    time_off = {}
    for p in people:
        if draw(st.booleans()):
            first = MONDAY + timedelta(days=draw(st.integers(0, 30)))
            time_off[p] = ((first, first + timedelta(days=draw(st.integers(0, 6)))),)
    team_list = [Team(id="ops", name="Ops", members=tuple(people[: max(1, n_people - 1)]))] if teams else []
    vendor_list = [Vendor(id="agency", name="Agency")] if vendors else []
    parties = list(people) + [t.id for t in team_list] + [v.id for v in vendor_list]
    count = draw(st.integers(1, 25))
    items = []
    for i in range(count):
        ref = f"s/p/w{i}"
        after = ()
        if dependencies and i and draw(st.integers(0, 3)) == 0:
            after = (f"s/p/w{draw(st.integers(0, i - 1))}",)
        start = MONDAY + timedelta(days=draw(st.integers(0, 20)))
        due = start + timedelta(days=draw(st.integers(0, 40)))
        who = draw(st.sampled_from(parties))
        items.append(
            Work(
                ref=ref,
                title=f"Step {i}",
                responsible=who,
                strategy=draw(st.sampled_from(["s", "t"])),
                due=cob(due),
                earliest=at(start, draw(st.sampled_from([0, 8, 10, 14]))),
                effort=draw(
                    st.one_of(st.none(), st.integers(1, 40).map(float), st.sampled_from([0.5, 2.25]))
                ),
                priority=draw(st.sampled_from(PRIORITY_NAMES)),
                after=after,
                done=done and draw(st.integers(0, 6)) == 0,
                lead_time_days=draw(st.sampled_from([None, None, 3])) if who == "agency" else None,
                position=i,
            )
        )
    as_of = at(MONDAY + timedelta(days=draw(st.integers(0, 10))), draw(st.sampled_from([0, 9, 15])))
    return situation(
        *items,
        people=people,
        teams=team_list,
        vendors=vendor_list,
        as_of=as_of,
        capacity=capacity,
        time_off=time_off,
    )
