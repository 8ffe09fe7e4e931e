"""The scorecard of an organization from the database: `core.scorecard` on its occurrences.

The web page and `actionplan scorecard` call `build_scorecard`, so they show the same rows.
Reading costs four queries whatever the size of the organization: the occurrences (with step,
action plan, strategy and responsible), the parties and the dependencies (both for the forecast,
whose finish gives a strategy's forecast end), and the strategies.

Who an occurrence belongs to is the review's rule: its reassignment, else the step's responsible,
else the action plan's. A team's row counts the occurrences the team is responsible for plus
those of its current members. An occurrence's quality is its current rating
(`accountability.decisions.rate`, a subquery of the occurrences' query, so still four queries),
counted once it is done as of the as-of moment; dropped occurrences are not read
(`occurrence_rows`). Blocked spans come from the occurrence's check-ins, read in the same query
(`_check_in_marks`, a subquery that joins every check-in's moment and blocked flag into one text):
a span opens at a check-in that says blocked and closes at the next check-in that does not, at the
completion, or (still blocked) at the as-of moment; the core counts its business hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Aggregate, F, Func, IntegerField, OuterRef, Subquery, TextField

from actionplan.accountability.models import Rating
from actionplan.core.leveling.schedule import forecast
from actionplan.core.scorecard import KINDS, BlockedSpan, Item, Kind, Period, Row, Who, scorecard
from actionplan.orgs.models import Organization
from actionplan.planning.calendars import calendar_for
from actionplan.planning.forecasting import occurrence_rows, situation_from_rows
from actionplan.planning.models import CheckIn, Strategy
from actionplan.planning.review import occurrence_ref

DEFAULT_WEEKS = 12


class _Epoch(Func):
    """A moment as whole seconds since 1970 (UTC), on SQLite and PostgreSQL."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"
        return self.as_sql(compiler, connection, template=template, **extra)


class _Marks(Aggregate):
    """Each check-in's "seconds:id:0|1" (`_Mark`), joined by "," in no order (sorted in Python)."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "GROUP_CONCAT(%(expressions)s, ',')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "STRING_AGG(%(expressions)s, ',')"
        return self.as_sql(compiler, connection, template=template, **extra)


class _Mark(Func):
    """One check-in as "seconds:id:0|1"."""

    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(_Epoch(F("at")), F("id"), F("blocked"))

    def _parts(self, compiler, connection) -> tuple[list[str], list]:
        sqls, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            sqls.append(sql)
            params.extend(more)
        return sqls, params

    def as_sqlite(self, compiler, connection, **extra):
        (seconds, pk, blocked), params = self._parts(compiler, connection)
        return f"({seconds} || ':' || {pk} || ':' || {blocked})", params

    def as_postgresql(self, compiler, connection, **extra):
        (seconds, pk, blocked), params = self._parts(compiler, connection)
        flag = f"CASE WHEN {blocked} THEN '1' ELSE '0' END"
        return f"(({seconds})::text || ':' || ({pk})::text || ':' || {flag})", params


def _check_in_marks() -> Subquery:
    """Every check-in of the outer occurrence, as one text (`blocked_spans` reads it)."""
    marks = (
        CheckIn.objects.filter(occurrence=OuterRef("pk"))
        .order_by()
        .values("occurrence")
        .annotate(marks=_Marks(_Mark()))
        .values("marks")
    )
    return Subquery(marks, output_field=TextField())


def blocked_spans(marks: str | None, completed_at: datetime | None) -> tuple[BlockedSpan, ...]:
    """The blocked spans of an occurrence from its check-ins' marks (`_check_in_marks`): each opens
    at a check-in that says blocked and closes at the next one that does not (a check-in carries
    the state forward), else at the completion, else stays open (None: up to the as-of moment)."""
    check_ins = sorted(
        (int(seconds), int(pk), flag == "1")
        for seconds, pk, flag in (mark.split(":") for mark in (marks or "").split(",") if mark)
    )
    spans: list[BlockedSpan] = []
    opened: datetime | None = None
    for seconds, _pk, blocked in check_ins:
        moment = datetime.fromtimestamp(seconds, UTC)
        if blocked and opened is None:
            opened = moment
        elif not blocked and opened is not None:
            if moment > opened:  # blocked and unblocked at the same moment: no span
                spans.append((opened, moment))
            opened = None
    if opened is not None:
        spans.append((opened, None))
    if completed_at is None:
        return tuple(spans)
    # done: nothing is blocked after the completion (a done occurrence takes no check-in)
    return tuple(
        (a, completed_at if b is None else min(b, completed_at)) for a, b in spans if a < completed_at
    )


@dataclass(frozen=True)
class Scorecard:
    organization: Organization
    as_of: datetime  # in the organization's zone
    period: Period
    rows: dict[str, tuple[Row, ...]]  # kind -> rows, in KINDS order

    def to_json(self, kind: Kind | None = None) -> dict:
        kinds = (kind,) if kind else KINDS
        return {"rows": [row.to_json() for k in kinds for row in self.rows.get(k, ())]}


def default_period(
    as_of: datetime, tz: ZoneInfo, first: date | None = None, last: date | None = None
) -> Period:
    """The period when none is given: the last DEFAULT_WEEKS ISO weeks, the as-of week included,
    up to the as-of day. `first` / `last` replace either end; ValueError when first > last."""
    today = as_of.astimezone(tz).date()
    if last is None:
        last = (
            today
            if first is None or first <= today
            else first + timedelta(weeks=DEFAULT_WEEKS) - timedelta(days=1)
        )
    if first is None:
        monday = last - timedelta(days=last.weekday())
        first = monday - timedelta(weeks=DEFAULT_WEEKS - 1)
    return Period(first, last)


def build_scorecard(
    org: Organization,
    as_of: datetime,
    period: Period | None = None,
    kinds: tuple[Kind, ...] = KINDS,
    with_weeks: bool = True,
) -> Scorecard:
    """The scorecard of `org` as of a moment over a period (default: `default_period`)."""
    tz = ZoneInfo(org.timezone)
    calendar = calendar_for(org)
    period = period or default_period(as_of, tz)
    quality = Rating.objects.filter(occurrence=OuterRef("pk")).values("level")[:1]
    rows = list(
        occurrence_rows()
        .filter(organization=org)
        .annotate(quality=Subquery(quality), check_in_marks=_check_in_marks())
    )
    situation = situation_from_rows(org, as_of, rows)
    try:
        planned = forecast(situation).by_ref()
    except OverflowError:  # work decades apart: no forecast end, as the review does
        planned = {}
    items = []
    for occ in rows:
        step = occ.step
        plan = step.action_plan
        party = occ.responsible or step.responsible or plan.responsible
        ref = occurrence_ref(plan.strategy.key, plan.key, step.key, occ.number, step.is_recurring)
        forecast_of = planned.get(ref)
        items.append(
            Item(
                ref=ref,
                who=Who(party.kind, party.key, party.name),
                strategy=plan.strategy.key,
                baseline_due=occ.baseline_due,
                due=occ.due,
                completed_at=occ.completed_at,
                quality=occ.quality if occ.completed_at is not None and occ.completed_at <= as_of else None,
                blocked=blocked_spans(occ.check_in_marks, occ.completed_at),
                forecast_finish=forecast_of.finish if forecast_of is not None else None,
            )
        )
    parties = [Who("person", p.id, p.name) for p in situation.people]
    parties += [Who("team", t.id, t.name) for t in situation.teams]
    parties += [Who("vendor", v.id, v.name) for v in situation.vendors]
    strategies = [
        Who("strategy", key, title)
        for key, title in Strategy.objects.filter(organization=org).values_list("key", "title")
    ]
    teams = {t.id: t.members for t in situation.teams}
    out = {
        kind: scorecard(
            items,
            by=kind,
            period=period,
            as_of=as_of,
            calendar=calendar,
            parties=parties,
            teams=teams,
            strategies=strategies,
            with_weeks=with_weeks and kind in ("person", "strategy"),
        )
        for kind in kinds
    }
    return Scorecard(organization=org, as_of=as_of.astimezone(tz), period=period, rows=out)
