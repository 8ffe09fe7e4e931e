"""Web pages: the organization chooser, the strategy tree, a step with its history, mark done,
and the forms that change plans (a step, a start date)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from actionplan.core.messages import N_
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization
from actionplan.planning import actions, editing
from actionplan.planning.models import ActionPlan, Occurrence, Step, Strategy
from actionplan.planning.responsibility import actor_for
from actionplan.web import edit_forms, step_page, tree
from actionplan.web.helpers import (
    can_edit,
    editor_view,
    htmx_partial,
    org_view,
    parse_local_moment,
    safe_next,
)


def _user_orgs(request: HttpRequest) -> list[Organization]:
    return list(Organization.objects.filter(memberships__user=request.user).order_by("name", "key"))


def render_page(request: HttpRequest, template: str, org: Organization | None, **context) -> HttpResponse:
    editor = org is not None and can_edit(request, org)
    return render(
        request, template, {"org": org, "user_orgs": _user_orgs(request), "can_edit": editor, **context}
    )


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
    actor = actor_for(request.user, org)
    return render_page(request, "web/tree.html", org, tree=tree.load_tree(org, timezone.now(), actor))


@org_view
def step_detail(
    request: HttpRequest, org: Organization, strategy_key: str, plan_key: str, step_key: str
) -> HttpResponse:
    """One step: what, who, when, its occurrences with their forecast, what could help, its history."""
    try:
        step = step_page.get_step(org, strategy_key, plan_key, step_key)
    except Step.DoesNotExist:
        raise Http404("No such step") from None
    as_of = timezone.now()
    statuses, _summary = tree.review_items(org, as_of, Occurrence.objects.filter(step=step))
    row = tree.step_row(step, strategy_key, plan_key, org.key, statuses, actor_for(request.user, org))
    waits_for, needed_by = step_page.dependency_links(org, step)
    suggestions = step_page.step_forecast(org, row, as_of)
    return render_page(
        request,
        "web/step.html",
        org,
        row=row,
        as_of=as_of,
        suggestions=suggestions,
        at_risk=[occ for occ in row.occurrences if occ.forecast_late],
        waits_for=waits_for,
        needed_by=needed_by,
        history=step_page.step_history(org, row),
        # the check-in card: the first open occurrence the user may update
        checkin=next((o for o in row.occurrences if o.may_update and not o.has_completion), None),
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
            org,
            occurrence.step_id,
            timezone.now(),
            actor_for(request.user, org),
            expanded=occurrence.step.is_recurring,
            error=error,
        )
        context = {"org": org, "row": row, "summary": summary, "can_edit": can_edit(request, org)}
        return render(request, "web/fragments/step_row.html", context)

    if error:
        messages.error(request, error)
    else:
        messages.success(request, done_text % {"title": occurrence.step.title, "number": occurrence.number})
    return redirect(safe_next(request, reverse("tree", args=[org.key]) + f"#step-{occurrence.step_id}"))


@require_POST
@org_view
def occurrence_done(request: HttpRequest, org: Organization, occurrence_id: int) -> HttpResponse:
    """Mark one occurrence done, as the logged-in user (the person responsible, an owner or a
    manager): now, or at the moment of the optional `done_at` field (backdated, in the org's zone)."""

    def change(occ: Occurrence) -> None:
        at = parse_local_moment(request.POST.get("done_at", ""), N_("done at"))
        actions.mark_done(occ, at or timezone.now(), user=request.user, source="web")

    return _change_occurrence(
        request,
        org,
        occurrence_id,
        change,
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


# --------------------------------------------------------------------------------------------
# Changing plans (owners and managers): a step, the start of a strategy or an action plan.


def _get_step_or_404(org: Organization, strategy_key: str, plan_key: str, step_key: str) -> Step:
    try:
        return step_page.get_step(org, strategy_key, plan_key, step_key)
    except Step.DoesNotExist:
        raise Http404("No such step") from None


def _flash_warnings(request: HttpRequest, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning.render(gettext))


@editor_view
def step_edit(
    request: HttpRequest, org: Organization, strategy_key: str, plan_key: str, step_key: str
) -> HttpResponse:
    """Edit a step: what, who, time frame (with a live preview of the dues), effort, priority, why."""
    step = _get_step_or_404(org, strategy_key, plan_key, step_key)
    parties = edit_forms.step_form_parties(org)
    if request.method == "POST":
        form = edit_forms.StepForm(request.POST, step=step, parties=parties)
        if form.is_valid():
            try:
                result = editing.update_step(
                    step, **form.service_kwargs(), user=request.user, reason=form.cleaned_data["reason"]
                )
            except editing.FormError as exc:
                edit_forms.add_service_errors(form, exc)
            else:
                messages.success(
                    request, gettext("Saved: %(title)s.") % {"title": form.cleaned_data["title"]}
                )
                _flash_warnings(request, result.warnings)
                return redirect("step", org.key, strategy_key, plan_key, step_key)
        data = request.POST
    else:
        form = edit_forms.StepForm(initial=edit_forms.StepForm.initial_for(step), step=step, parties=parties)
        data = {name: str(form.initial.get(name) or "") for name in edit_forms.TIME_FRAME_FIELDS}
    return render_page(
        request,
        "web/step_edit.html",
        org,
        step=step,
        ref=f"{strategy_key}/{plan_key}/{step_key}",
        form=form,
        preview=edit_forms.preview(step, data),
    )


@editor_view
def step_preview(
    request: HttpRequest, org: Organization, strategy_key: str, plan_key: str, step_key: str
) -> HttpResponse:
    """The dues a time frame would give (an htmx fragment of the edit page); nothing is saved."""
    step = _get_step_or_404(org, strategy_key, plan_key, step_key)
    return render(
        request,
        "web/fragments/step_preview.html",
        {"org": org, "preview": edit_forms.preview(step, request.GET)},
    )


def _start_page(request: HttpRequest, org: Organization, obj, title: str, back: str) -> HttpResponse:
    is_strategy = isinstance(obj, Strategy)
    if request.method == "POST":
        form = edit_forms.StartForm(request.POST, required=is_strategy)
        if form.is_valid():
            try:
                result = editing.change_start(
                    obj, form.cleaned_data["start"], user=request.user, reason=form.cleaned_data["reason"]
                )
            except editing.FormError as exc:
                edit_forms.add_service_errors(form, exc)
            else:
                messages.success(request, gettext("Start saved: %(title)s.") % {"title": title})
                _flash_warnings(request, result.warnings)
                return redirect(back)
    else:
        form = edit_forms.StartForm(
            initial={"start": obj.start.isoformat() if obj.start else ""}, required=is_strategy
        )
    return render_page(
        request,
        "web/start_edit.html",
        org,
        form=form,
        obj=obj,
        title=title,
        back=back,
        is_strategy=is_strategy,
    )


@editor_view
def strategy_start(request: HttpRequest, org: Organization, strategy_key: str) -> HttpResponse:
    """Move a strategy's start: its horizon, goals and every relative due counting from it move."""
    strategy = get_object_or_404(Strategy, organization=org, key=strategy_key)
    back = reverse("tree", args=[org.key]) + f"#strategy-{strategy.key}"
    return _start_page(request, org, strategy, strategy.title, back)


@editor_view
def plan_start(request: HttpRequest, org: Organization, strategy_key: str, plan_key: str) -> HttpResponse:
    """Move (or clear) an action plan's own start: its steps' relative dues move."""
    plan = get_object_or_404(
        ActionPlan.objects.select_related("strategy"),
        organization=org,
        strategy__key=strategy_key,
        key=plan_key,
    )
    back = reverse("tree", args=[org.key]) + f"#plan-{strategy_key}-{plan.key}"
    return _start_page(request, org, plan, plan.title, back)
