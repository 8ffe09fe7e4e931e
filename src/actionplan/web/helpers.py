"""Helpers every web view shares: scoping to the user's organizations, htmx, display labels."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from actionplan.accountability.history import ACTION_LABELS, SOURCE_LABELS  # noqa: F401 - the pages' labels
from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError
from actionplan.orgs.models import Membership, Organization

# The words for the statuses computed by actionplan.core.status (via planning.review); the web
# only labels them, it never decides them.
STATUS_LABELS = {
    "done_on_time": _("done on time"),
    "done_late": _("done late"),
    "overdue": _("overdue"),
    "at_risk": _("at risk"),
    "due_soon": _("due soon"),
    "on_track": _("on track"),
}
DONE_STATUSES = frozenset({"done_on_time", "done_late"})


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status or "", _("unknown")))


def _get_org_for_user(request: HttpRequest, key: str) -> Organization:
    """The organization `key` if the logged-in user is a member of it; 404 otherwise."""
    try:
        # The user's role comes with the row (one query): `can_edit` reads it.
        return (
            Organization.objects.filter(key=key, memberships__user=request.user)
            .annotate(user_role=F("memberships__role"))
            .get()
        )
    except Organization.DoesNotExist:
        raise Http404("No such organization") from None


def org_zone(org: Organization) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(org.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def org_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, `org_key` turned into the user's Organization, its time zone active."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, org_key: str, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return _to_login(request)
        org = _get_org_for_user(request, org_key)
        with timezone.override(org_zone(org)), translation.override(page_language(request, org)):
            request.LANGUAGE_CODE = translation.get_language()
            return view(request, org, *args, **kwargs)

    return wrapper


EDITOR_ROLES = frozenset({Membership.Role.OWNER, Membership.Role.MANAGER})


def can_edit(request: HttpRequest, org: Organization) -> bool:
    """Owners and managers change plans; members mark work done."""
    role = getattr(org, "user_role", None)
    if role is None:  # an organization not loaded by `org_view`
        role = (
            Membership.objects.filter(user=request.user, organization=org)
            .values_list("role", flat=True)
            .first()
        )
    return role in EDITOR_ROLES


def editor_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`org_view` for pages that change plans: a member gets a friendly 403 page, an outsider 404."""

    @functools.wraps(view)
    def check(request: HttpRequest, org: Organization, *args, **kwargs) -> HttpResponse:
        if not can_edit(request, org):
            from django.shortcuts import render

            return render(request, "web/forbidden.html", {"org": org, "user_orgs": [org]}, status=403)
        return view(request, org, *args, **kwargs)

    return org_view(check)


def page_language(request: HttpRequest, org) -> str:
    """The language the user picked with the switch, else the organization's own.

    A Vietnamese bakery's pages are in Vietnamese even in a browser set to English, until the
    user chooses otherwise.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and translation.check_for_language(chosen):
        return chosen
    return org.locale


def _to_login(request: HttpRequest) -> HttpResponse:
    """The login page; an htmx request (a session that expired) makes the whole page go there."""
    if htmx_partial(request):
        back = request.htmx.current_url_abs_path or "/"
        return HttpResponseClientRedirect(redirect_to_login(back).url)
    return redirect_to_login(request.get_full_path())


def htmx_partial(request: HttpRequest) -> bool:
    """True when the request wants a fragment (an htmx request that is not a boosted page load)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` form field if it points into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def user_label(user) -> str:
    if user is None:
        return str(_("system"))
    return user.get_full_name() or user.get_username()


def parse_local_moment(text: str, field: str) -> datetime | None:
    """A form's date or date-time (`<input type=datetime-local>`: 2027-03-30T15:00) in the active
    time zone (the organization's); None when empty. ActionError naming the field otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ActionError(
            Message(
                N_("%(field)s: %(value)s is not a date and time (like 2027-03-30 15:00)"),
                {"field": field, "value": text},
            )
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_current_timezone())
    return value
