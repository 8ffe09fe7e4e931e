"""Web pages: the organization chooser, the strategy tree, a step with its history, mark done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from actionplan.errors import ActionError
from actionplan.orgs.models import Organization
from actionplan.planning import actions
from actionplan.planning.models import Occurrence, Step
from actionplan.web import step_page, tree
from actionplan.web.helpers import htmx_partial, org_view, safe_next


def _user_orgs(request: HttpRequest) -> list[Organization]:
    return list(Organization.objects.filter(memberships__user=request.user).order_by("name", "key"))


def _page(request: HttpRequest, template: str, org: Organization | None, **context) -> HttpResponse:
    return render(request, template, {"org": org, "user_orgs": _user_orgs(request), **context})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One organization: go to it. Several: choose. None: say so."""
    orgs = _user_orgs(request)
    if len(orgs) == 1:
        return redirect("tree", orgs[0].key)
    return render(request, "web/home.html", {"org": None, "user_orgs": orgs})


@org_view
def strategy_tree(request: HttpRequest, org: Organization) -> HttpResponse:
    """Strategies, goals, action plans and steps with who, when and status as of now."""
    return _page(request, "web/tree.html", org, tree=tree.load_tree(org, timezone.now()))


@org_view
def step_detail(
    request: HttpRequest, org: Organization, strategy_key: str, plan_key: str, step_key: str
) -> HttpResponse:
    """One step: what, who, when, its occurrences and its history."""
    try:
        step = step_page.get_step(org, strategy_key, plan_key, step_key)
    except Step.DoesNotExist:
        raise Http404("No such step") from None
    as_of = timezone.now()
    statuses, _summary = tree.review_statuses(org, as_of, Occurrence.objects.filter(step=step))
    row = tree.step_row(step, strategy_key, plan_key, org.key, statuses)
    waits_for, needed_by = step_page.dependency_links(org, step)
    return _page(
        request,
        "web/step.html",
        org,
        row=row,
        as_of=as_of,
        waits_for=waits_for,
        needed_by=needed_by,
        history=step_page.step_history(org, row),
    )


def _change_occurrence(request: HttpRequest, org: Organization, occurrence_id: int, change, done_text):
    occurrence = get_object_or_404(
        Occurrence.objects.select_related("step__action_plan__strategy"), pk=occurrence_id, organization=org
    )
    error = ""
    try:
        change(occurrence)
    except ActionError as exc:
        error = exc.message.render(gettext)

    if htmx_partial(request):
        row, summary = tree.load_step_row(
            org, occurrence.step_id, timezone.now(), expanded=occurrence.step.is_recurring, error=error
        )
        return render(request, "web/fragments/step_row.html", {"org": org, "row": row, "summary": summary})

    if error:
        messages.error(request, error)
    else:
        messages.success(request, done_text % {"title": occurrence.step.title, "number": occurrence.number})
    return redirect(safe_next(request, reverse("tree", args=[org.key]) + f"#step-{occurrence.step_id}"))


@require_POST
@org_view
def occurrence_done(request: HttpRequest, org: Organization, occurrence_id: int) -> HttpResponse:
    """Mark one occurrence done now, as the logged-in user (any member of the organization)."""
    return _change_occurrence(
        request,
        org,
        occurrence_id,
        lambda occ: actions.mark_done(occ, timezone.now(), user=request.user, source="web"),
        gettext("Marked done: %(title)s (occurrence %(number)s)."),
    )


@require_POST
@org_view
def occurrence_reopen(request: HttpRequest, org: Organization, occurrence_id: int) -> HttpResponse:
    """Undo a completion: the occurrence is open again."""
    return _change_occurrence(
        request,
        org,
        occurrence_id,
        lambda occ: actions.reopen(occ, request.user, "web"),
        gettext("Reopened: %(title)s (occurrence %(number)s)."),
    )
