"""Review meetings on the web: the list of reviews, a new review of a scope (its agenda with a
decision form per open item and a rating per done item; one submit, one transaction), and the
saved minutes (printable; Markdown too). Owners and managers only.

Every number is `accountability.reviews`'s (the CLI's); this module reads the form and lays out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext

from actionplan.accountability.decisions import KINDS, DecisionError, DecisionInput
from actionplan.accountability.models import Decision, Rating, Review
from actionplan.accountability.reviews import (
    SECTION_TITLES,
    SECTIONS,
    Agenda,
    RatingInput,
    agenda,
    agenda_json,
    decision_detail,
    hold_review,
    late_text,
    minutes_markdown,
    parse_scope,
)
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import Priority, Strategy
from actionplan.planning.review import ReviewItem
from actionplan.web.helpers import editor_view, org_zone
from actionplan.web.views import render_page

OPEN_SECTIONS = ("overdue", "at_risk", "blocked", "due_next")
SHOWN = 50  # items shown (and offered a form) per section: a meeting goes through tens, not thousands
DONE_SECTIONS = ("done_on_time", "done_late")


@dataclass
class Row:
    """One item of the form: its decision (open work) or its rating (done work), as posted."""

    item: ReviewItem
    values: dict[str, str] = field(default_factory=dict)
    error: str = ""
    error_field: str = ""

    @property
    def key(self) -> str:
        return str(self.item.occurrence_id)


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    items: tuple[tuple[ReviewItem, str], ...]  # the item and its note (late by, why blocked)
    total: int = 0  # items in the section; more than shown: narrow the scope


def _sections(plan: Agenda) -> tuple[Section, ...]:
    out = []
    for name in SECTIONS:
        items = []
        for item in plan.sections[name][:SHOWN]:
            note = ""
            if name == "done_late":
                late = plan.late_by(item)
                note = gettext("late by %(late)s") % {"late": late_text(late.total_seconds() / 3600)}
            elif name == "blocked":
                note = item.blocked or ""
            items.append((item, note))
        out.append(Section(name, gettext(SECTION_TITLES[name]), tuple(items), len(plan.sections[name])))
    return tuple(out)


def _rows(plan: Agenda, names: tuple[str, ...]) -> list[Row]:
    seen: dict[int, Row] = {}
    for name in names:
        for item in plan.sections[name][:SHOWN]:
            seen.setdefault(item.occurrence_id, Row(item))
    return list(seen.values())


def _scope_choices(org: Organization) -> list[tuple[str, str]]:
    """Every scope a review can take (two queries)."""
    out = [("org", gettext("The whole organization"))]
    out += [
        (f"strategy:{s.key}", gettext("Strategy: %(name)s") % {"name": s.title})
        for s in Strategy.objects.filter(organization=org).order_by("position", "key")
    ]
    for p in Party.objects.filter(organization=org, kind__in=["team", "person"]).order_by(
        "kind", "position", "key"
    ):
        label = gettext("Team: %(name)s") if p.kind == "team" else gettext("Person: %(name)s")
        out.append((f"{p.kind}:{p.key}", label % {"name": p.name}))
    return out


@editor_view
def review_list(request: HttpRequest, org: Organization) -> HttpResponse:
    """The saved reviews, newest first, and a new review for a chosen scope."""
    reviews = list(Review.objects.filter(organization=org).order_by("-held_at", "-id")[:200])
    return render_page(
        request, "web/reviews/list.html", org, reviews=reviews, scopes=_scope_choices(org), tz=org_zone(org)
    )


@editor_view
def review_new(request: HttpRequest, org: Organization) -> HttpResponse:
    """GET: the agenda of `?scope=` with the forms. POST: hold the review (all or nothing)."""
    try:
        scope = parse_scope(
            org, request.POST.get("scope") if request.method == "POST" else request.GET.get("scope")
        )
    except ActionError as exc:
        raise Http404(exc.render()) from None
    plan = agenda(org, scope, timezone.now())
    decide_rows, rate_rows = _rows(plan, OPEN_SECTIONS), _rows(plan, DONE_SECTIONS)
    notes, error = "", ""
    if request.method == "POST":
        notes = request.POST.get("notes", "")
        decisions, ratings, places = _read(request.POST, decide_rows, rate_rows)
        try:
            review = hold_review(
                org,
                scope,
                decisions=decisions,
                ratings=ratings,
                notes=notes,
                user=request.user,
                source="review",
                agenda_data=agenda_json(plan),
            )
        except DecisionError as exc:
            row = places[exc.item] if exc.item is not None and exc.item < len(places) else None
            if row is not None:
                row.error, row.error_field = exc.render(), exc.field
            error = gettext("Nothing was saved: correct the item marked below.") if row else exc.render()
        else:
            return redirect("review_minutes", org.key, review.pk)
    parties = list(Party.objects.filter(organization=org).order_by("kind", "position", "key"))
    status = 400 if error else 200
    response = render_page(
        request,
        "web/reviews/new.html",
        org,
        plan=plan,
        sections=_sections(plan),
        decide_rows=decide_rows,
        rate_rows=rate_rows,
        notes=notes,
        error=error,
        parties=parties,
        kinds=[(k, Decision.Kind(k).label) for k in KINDS],
        priorities=[(int(v), label) for v, label in reversed(Priority.choices)],
        levels=list(Rating.Level.choices),
        scope_value=request.GET.get("scope") or request.POST.get("scope") or "org",
    )
    response.status_code = status
    return response


def _read(post: Any, decide_rows: list[Row], rate_rows: list[Row]) -> tuple[list, list, list[Row]]:
    """The posted decisions and ratings (an item without a kind / level is left out), and per
    input its row (to show an error beside it)."""
    decisions, ratings, places = [], [], []
    for row in decide_rows:
        p = f"d-{row.key}-"
        row.values = {
            k: post.get(p + k, "") for k in ("kind", "reason", "due", "who", "priority", "split_title")
        }
        if not row.values["kind"]:
            continue
        decisions.append(
            DecisionInput(
                row.item.ref,
                row.values["kind"],
                row.values["reason"],
                due=row.values["due"] or None,
                who=row.values["who"] or None,
                priority=row.values["priority"] or None,
                split_title=row.values["split_title"],
            )
        )
        places.append(row)
    for row in rate_rows:
        p = f"r-{row.key}-"
        row.values = {k: post.get(p + k, "") for k in ("level", "note")}
        if row.values["level"]:
            ratings.append(RatingInput(row.item.ref, row.values["level"], row.values["note"]))
    places += [r for r in rate_rows if r.values.get("level")]
    return decisions, ratings, places


def _saved(org: Organization, review_id: int) -> Review:
    return get_object_or_404(Review.objects.select_related("organization"), organization=org, pk=review_id)


@editor_view
def review_minutes(request: HttpRequest, org: Organization, review_id: int) -> HttpResponse:
    """The minutes of a saved review: printable (a print stylesheet)."""
    review = _saved(org, review_id)
    tz = org_zone(org)
    decisions = [(d, decision_detail(d, tz)) for d in review.decisions.select_related("party").order_by("id")]
    ratings = list(review.ratings.select_related("occurrence__step__action_plan__strategy").order_by("id"))
    data = review.agenda or {}
    sections = [
        (name, gettext(SECTION_TITLES[name]), [_saved_item(e, name) for e in data.get(name) or []])
        for name in SECTIONS
    ]
    return render_page(
        request,
        "web/reviews/minutes.html",
        org,
        review=review,
        decisions=decisions,
        ratings=ratings,
        sections=sections,
        overloaded=data.get("overloaded") or [],
    )


def _saved_item(entry: dict, name: str) -> dict:
    note = ""
    if name == "done_late" and entry.get("late_hours"):
        note = gettext("late by %(late)s") % {"late": late_text(entry["late_hours"])}
    elif name == "blocked":
        note = entry.get("blocked") or ""
    return {**entry, "due": entry["due"][:10], "note": note}


@editor_view
def review_markdown(request: HttpRequest, org: Organization, review_id: int) -> HttpResponse:
    """The minutes as Markdown (what `actionplan review --minutes ID` prints)."""
    review = _saved(org, review_id)
    response = HttpResponse(minutes_markdown(review), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="review-{review.pk}.md"'
    return response
