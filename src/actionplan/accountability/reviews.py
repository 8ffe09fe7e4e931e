"""Review meetings (xem xét, đánh giá): the agenda of a scope since the previous review, holding a
review (its decisions and ratings in one transaction) and its minutes.

- `agenda(org, scope, as_of, since=None)`: what fell due and was done on time, done late (by how
  much), still open and overdue; what is due in the next two weeks; what is at risk; what is
  blocked; who is overloaded. Every number comes from `planning.review.build_review` (statuses,
  percent done, blocked) and `planning.forecasting.forecast_view` (at risk, overloads): the
  forecast runs once and the review reuses it. A fixed number of queries whatever the size.
- `hold_review(org, scope, decisions=..., ratings=..., notes=..., user=...)`: validates every
  decision (`decisions.decide`'s validation) and rating first, then saves the `Review`, its
  decisions and ratings in ONE transaction; one bad item -> `DecisionError` naming it and the
  field, nothing written.
- `minutes_markdown(review)`: the saved minutes as Markdown (`actionplan review --minutes ID`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.accountability.decisions import (
    DecisionError,
    DecisionInput,
    decide,
    parse_level,
    rate,
    require_may_decide,
)
from actionplan.accountability.models import Decision, Rating, Review
from actionplan.core.leveling.overload import overloads
from actionplan.core.leveling.schedule import forecast
from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization, Party
from actionplan.planning import forecasting
from actionplan.planning.actions import find_occurrence
from actionplan.planning.changes import login
from actionplan.planning.models import Occurrence, Strategy
from actionplan.planning.review import ReviewItem, build_review

__all__ = [
    "SECTIONS",
    "Agenda",
    "RatingInput",
    "Scope",
    "agenda",
    "agenda_json",
    "hold_review",
    "minutes_markdown",
    "parse_scope",
    "previous_review",
]

NEXT_DAYS = 14  # "due in the next two weeks"
SECTIONS: tuple[str, ...] = ("done_on_time", "done_late", "overdue", "due_next", "at_risk", "blocked")
SECTION_TITLES = {
    "done_on_time": N_("Done on time"),
    "done_late": N_("Done late"),
    "overdue": N_("Still open and overdue"),
    "due_next": N_("Due in the next two weeks"),
    "at_risk": N_("At risk"),
    "blocked": N_("Blocked"),
    "overloaded": N_("Overloaded people"),
}
NOTES_MAX = 10000


@dataclass(frozen=True)
class Scope:
    """What a review covers: the organization ("org"), a strategy, a team or a person (by id)."""

    kind: str = "org"
    key: str = ""
    title: str = ""
    strategy: Strategy | None = None
    party: Party | None = None
    members: frozenset[str] = frozenset()  # a team's members' ids (their work is the team's)

    def label(self) -> str:
        if self.kind == "org":
            return _("the whole organization")
        names = {"strategy": _("strategy"), "team": _("team"), "person": _("person")}
        return f"{names[self.kind]} {self.title or self.key}"

    def covers(self, item: ReviewItem) -> bool:
        if self.kind == "org":
            return True
        if self.kind == "strategy":
            return item.strategy == self.key
        if self.kind == "team":
            return item.responsible.id == self.key or item.responsible.id in self.members
        return item.responsible.id == self.key


def parse_scope(org: Organization, text: str | None) -> Scope:
    """ "org" (or empty), "strategy:ID", "team:ID" or "person:ID"; ActionError if unknown. One query."""
    text = (text or "").strip()
    if text in ("", "org", "organization"):
        return Scope()
    kind, _sep, key = text.partition(":")
    kind, key = kind.strip().lower(), key.strip()
    if kind == "strategy" and key:
        strategy = Strategy.objects.filter(organization=org, key=key).first()
        if strategy is None:
            raise ActionError(
                Message(N_("unknown strategy %(key)s in %(org)s"), {"key": key, "org": org.key})
            )
        return Scope("strategy", key, strategy.title, strategy=strategy)
    if kind in ("team", "person") and key:
        party = Party.objects.filter(organization=org, key=key, kind=kind).first()
        if party is None:
            raise ActionError(
                Message(N_("unknown %(kind)s %(key)s in %(org)s"), {"kind": kind, "key": key, "org": org.key})
            )
        members = (
            frozenset(Party.objects.filter(organization=org, team=party).values_list("key", flat=True))
            if kind == "team"
            else frozenset()
        )
        return Scope(kind, key, party.name, party=party, members=members)
    raise ActionError(
        Message(N_("%(value)s is not a scope: org, strategy:ID, team:ID or person:ID"), {"value": text})
    )


def _scope_filter(org: Organization, scope: Scope) -> dict[str, Any]:
    return {"organization": org, "scope": scope.kind, "scope_key": scope.key}


def previous_review(org: Organization, scope: Scope, before: datetime) -> Review | None:
    """The last review of the same scope held before `before` (one query)."""
    return (
        Review.objects.filter(**_scope_filter(org, scope), held_at__lt=before)
        .order_by("-held_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class Agenda:
    organization: Organization
    scope: Scope
    as_of: datetime
    since: datetime | None  # None: no earlier review, everything done so far
    previous: Review | None
    sections: dict[str, tuple[ReviewItem, ...]]
    overloaded: tuple[Any, ...]  # core.leveling.model.Overload
    items: tuple[ReviewItem, ...] = field(default=())  # every item of the scope (the review's)
    review: Any = None  # planning.review.Review of the whole organization (the status list)

    def refs(self) -> set[str]:
        return {i.ref for i in self.items}

    def late_by(self, item: ReviewItem) -> timedelta | None:
        if item.completed_at is None:
            return None
        return item.completed_at - item.due


def agenda(
    org: Organization,
    scope: Scope,
    as_of: datetime,
    since: datetime | None = None,
    *,
    previous: Review | None | bool = True,
) -> Agenda:
    """The review's sections for `scope` as of a moment, since `since` (default: the previous
    review of the scope). Four queries: the previous review, then the occurrences, parties and
    dependencies the forecast and the review share."""
    tz = ZoneInfo(org.timezone)
    as_of = as_of.astimezone(tz)
    prev = previous_review(org, scope, as_of) if previous is True else (previous or None)
    if since is None and prev is not None:
        since = prev.held_at
    # One read of the occurrences for both the forecast and the review (the forecast's parties and
    # dependencies are its two other reads); the forecast runs once, without the weekly workload.
    rows = list(forecasting.occurrence_rows().filter(organization=org))
    situation = forecasting.situation_from_rows(org, as_of, rows)
    try:
        result = forecast(situation)
        planned, over = result.by_ref(), overloads(situation, result)
    except OverflowError:  # work decades apart: as the review does, without at-risk and overloads
        planned, over = {}, ()
    review = build_review(org, as_of, planned=planned, rows=rows)
    items = tuple(i for i in review.items if scope.covers(i))
    horizon = as_of + timedelta(days=NEXT_DAYS)

    def done_since(i: ReviewItem) -> bool:
        return i.completed_at is not None and (since is None or i.completed_at > since)

    sections = {
        "done_on_time": tuple(i for i in items if i.status == "done_on_time" and done_since(i)),
        "done_late": tuple(i for i in items if i.status == "done_late" and done_since(i)),
        "overdue": tuple(i for i in items if i.status == "overdue"),
        "due_next": tuple(
            i for i in items if i.status in ("due_soon", "on_track", "at_risk") and i.due <= horizon
        ),
        "at_risk": tuple(i for i in items if i.status == "at_risk"),
        "blocked": tuple(i for i in items if i.blocked),
    }
    overloaded = tuple(o for o in over if _overload_covered(o, scope))
    return Agenda(
        organization=org,
        scope=scope,
        as_of=as_of,
        since=since.astimezone(tz) if since else None,
        previous=prev,
        sections=sections,
        overloaded=overloaded,
        items=items,
        review=review,
    )


def _overload_covered(overload: Any, scope: Scope) -> bool:
    if scope.kind == "org":
        return True
    if scope.kind == "strategy":
        return scope.key in overload.strategies
    if scope.kind == "team":
        return overload.party == scope.key or overload.party in scope.members
    return overload.party == scope.key


def _item_json(agenda_: Agenda, item: ReviewItem) -> dict:
    late = agenda_.late_by(item)
    return {
        "ref": item.ref,
        "title": item.title,
        "responsible": item.responsible.id,
        "due": item.due.isoformat(),
        "baseline_due": item.baseline_due.isoformat(),
        "completed_at": item.completed_at.isoformat() if item.completed_at else None,
        "late_hours": round(late.total_seconds() / 3600, 1) if late and late.total_seconds() > 0 else None,
        "status": item.status,
        "percent_done": item.percent_done,
        "blocked": item.blocked,
    }


def agenda_json(agenda_: Agenda) -> dict:
    """The agenda as JSON-ready data (`actionplan review --format json`'s `agenda`, the saved minutes)."""
    out: dict[str, Any] = {
        "scope": {"kind": agenda_.scope.kind, "id": agenda_.scope.key},
        "as_of": agenda_.as_of.isoformat(),
        "since": agenda_.since.isoformat() if agenda_.since else None,
        "previous_review": agenda_.previous.pk if agenda_.previous else None,
    }
    for name in SECTIONS:
        out[name] = [_item_json(agenda_, i) for i in agenda_.sections[name]]
    out["overloaded"] = [
        {
            "id": o.party,
            "name": o.name,
            "weeks": list(o.weeks),
            "percent": o.percent,
            "strategies": list(o.strategies),
        }
        for o in agenda_.overloaded
    ]
    return out


def late_text(hours: float | None) -> str:
    """ "3 days" / "5 hours" (how late a done item was)."""
    if not hours:
        return ""
    if hours >= 24:
        days = round(hours / 24, 1)
        return _("%(n)s days") % {"n": f"{days:g}"}
    return _("%(n)s hours") % {"n": f"{hours:g}"}


# --------------------------------------------------------------------------------------------
# Holding a review


@dataclass(frozen=True)
class RatingInput:
    """The quality of one done item, given during the review."""

    ref: str | Occurrence
    level: str | int
    note: str = ""


def _check_ratings(
    org: Organization, ratings: Sequence[RatingInput], offset: int
) -> list[tuple[Occurrence, int, str]]:
    out = []
    for n, given in enumerate(ratings):
        index = offset + n
        ref_text = given.ref if isinstance(given.ref, str) else ""
        try:
            occ = given.ref if isinstance(given.ref, Occurrence) else find_occurrence(org, given.ref)
        except ActionError as exc:
            raise DecisionError(exc.message, item=index, ref=ref_text, field="ref") from None
        if occ.organization_id != org.pk:
            raise DecisionError(
                Message(N_("this occurrence is not of %(org)s"), {"org": org.key}), item=index, field="ref"
            )
        ref_text = ref_text or str(occ.pk)
        level = parse_level(given.level)
        if level is None:
            raise DecisionError(
                Message(
                    N_(
                        "%(ref)s: %(value)s is not a quality level: 1 to 5, or poor, weak, fair, good, "
                        "excellent (kém, yếu, đạt, tốt, xuất sắc)"
                    ),
                    {"ref": ref_text, "value": str(given.level)},
                ),
                item=index,
                ref=ref_text,
                field="level",
            )
        if occ.completed_at is None:
            raise DecisionError(
                Message(N_("%(ref)s is not done: only done work can be rated"), {"ref": ref_text}),
                item=index,
                ref=ref_text,
                field="level",
            )
        out.append((occ, level, (given.note or "").strip()))
    return out


def hold_review(
    org: Organization,
    scope: Scope,
    *,
    decisions: Sequence[DecisionInput] = (),
    ratings: Sequence[RatingInput] = (),
    notes: str = "",
    user: Any = None,
    source: str = "review",
    agenda_data: dict | None = None,
) -> Review:
    """Save a review with its decisions and ratings in one transaction; DecisionError: nothing written.

    Errors name the item: `item` is its place in `decisions`, then in `ratings` after them.
    """
    require_may_decide(user, org)
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise DecisionError(
            Message(
                N_("notes: at most %(max)s characters (it has %(count)s)"),
                {"max": NOTES_MAX, "count": len(notes)},
            ),
            field="notes",
        )
    checked_ratings = _check_ratings(org, ratings, len(decisions))
    now = timezone.now().replace(microsecond=0)
    prev = previous_review(org, scope, now + timedelta(seconds=1))
    if agenda_data is None:
        agenda_data = agenda_json(agenda(org, scope, now, previous=prev))
    with transaction.atomic():
        review = Review.objects.create(
            organization=org,
            scope=scope.kind,
            scope_key=scope.key,
            strategy=scope.strategy,
            party=scope.party,
            held_at=now,
            since=prev.held_at if prev else None,
            previous=prev,
            held_by=login(user),
            held_by_name=user.get_username() if user is not None else "",
            notes=notes,
            closed=True,
            agenda=agenda_data,
        )
        if decisions:
            made = decide(org, decisions, user=user, source=source)  # validates all first
            Decision.objects.filter(pk__in=[d.pk for d in made]).update(review=review)
        rated = [
            rate(occ, level, user=user, note=note, source=source) for occ, level, note in checked_ratings
        ]
        if rated:
            Rating.objects.filter(pk__in=[r.pk for r in rated]).update(review=review)
    return review


# --------------------------------------------------------------------------------------------
# Minutes


def _md(text: str) -> str:
    """Text safe inside a Markdown line (no accidental emphasis, tables or HTML)."""
    out = " ".join(str(text).split())
    for ch in "\\`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def decision_detail(d: Decision, tz: ZoneInfo) -> str:
    if d.kind == "reschedule" and d.due:
        return _("new due %(due)s") % {"due": d.due.astimezone(tz).strftime("%Y-%m-%d %H:%M")}
    if d.kind in ("reassign", "outsource") and d.party_id:
        return _("to %(who)s") % {"who": d.party.name}
    if d.kind == "reprioritise" and d.priority:
        return _("priority %(priority)s") % {"priority": d.get_priority_display()}
    if d.kind == "split" and d.split_title:
        return _("second part: %(title)s") % {"title": d.split_title}
    return ""


def minutes_markdown(review: Review) -> str:
    """The minutes of a saved review as Markdown, in the active language. Three queries."""
    org = review.organization
    tz = ZoneInfo(org.timezone)
    decisions = list(review.decisions.select_related("party").order_by("id"))
    ratings = list(review.ratings.select_related("occurrence__step__action_plan__strategy").order_by("id"))
    data = review.agenda or {}
    scope = {
        "org": _("the whole organization"),
        "strategy": _("strategy %(id)s"),
        "team": _("team %(id)s"),
        "person": _("person %(id)s"),
    }[review.scope]
    if "%(id)s" in scope:
        scope = scope % {"id": review.scope_key}
    lines = [
        "# " + _md(_("Review minutes: %(org)s") % {"org": org.name}),
        "",
        "- " + _("Review") + f": #{review.pk}",
        "- " + _("Held at") + ": " + review.held_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        "- " + _("Held by") + ": " + _md(review.held_by_name or _("the operator (CLI)")),
        "- " + _("Scope") + ": " + _md(scope),
        "- "
        + _("Since")
        + ": "
        + (
            review.since.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            if review.since
            else _("the start (first review)")
        ),
        "",
    ]
    if review.notes:
        lines += ["## " + _("Notes"), "", _md(review.notes), ""]
    lines += ["## " + _("Agenda"), ""]
    for name in SECTIONS:
        entries = data.get(name) or []
        lines.append(f"### {_(SECTION_TITLES[name])} ({len(entries)})")
        lines.append("")
        for e in entries:
            extra = ""
            if name == "done_late" and e.get("late_hours"):
                extra = " — " + _("late by %(late)s") % {"late": late_text(e["late_hours"])}
            if name == "blocked" and e.get("blocked"):
                extra = " — " + _md(e["blocked"])
            lines.append(
                f"- `{e['ref']}` {_md(e['title'])} ({_md(e['responsible'])}, {e['due'][:10]}){extra}"
            )
        if entries:
            lines.append("")
    over = data.get("overloaded") or []
    lines.append(f"### {_(SECTION_TITLES['overloaded'])} ({len(over)})")
    lines.append("")
    for o in over:
        lines.append(f"- {_md(o['name'])}: {o['percent']}% ({', '.join(o['weeks'])})")
    if over:
        lines.append("")
    lines += ["## " + _("Decisions") + f" ({len(decisions)})", ""]
    for d in decisions:
        detail = decision_detail(d, tz)
        lines.append(
            f"- `{d.ref}`: **{_md(d.get_kind_display())}**"
            + (f" ({_md(detail)})" if detail else "")
            + " — "
            + _("reason")
            + ": "
            + _md(d.reason)
        )
    if decisions:
        lines.append("")
    lines += ["## " + _("Quality ratings") + f" ({len(ratings)})", ""]
    for r in ratings:
        step = r.occurrence.step
        plan = step.action_plan
        ref = f"{plan.strategy.key}/{plan.key}/{step.key}" + (
            f"#{r.occurrence.number}" if step.is_recurring else ""
        )
        lines.append(f"- `{ref}`: **{_md(r.get_level_display())}**" + (f" — {_md(r.note)}" if r.note else ""))
    if ratings:
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
