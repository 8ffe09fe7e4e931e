"""Check-ins from the web: the step page's form, the tree's one-click form and "my steps".

One view takes every form's POST and calls `accountability.checkins.check_in` (which validates,
checks who may, and writes in one transaction). From the tree (htmx) it answers with the step's
row, as marking done does; otherwise it redirects back to `next` with a message.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from actionplan.accountability.checkins import check_in
from actionplan.core.messages import N_
from actionplan.orgs.models import Organization
from actionplan.planning.models import Occurrence
from actionplan.web.helpers import org_view, parse_local_moment


def _checkin_from_form(request: HttpRequest, occ: Occurrence) -> None:
    data = request.POST
    blocked = (data.get("blocked_reason") or "").strip()
    check_in(
        occ,
        percent=data.get("percent") or None,
        note=data.get("note", ""),
        # A reason given is a block; the "still blocked" box with no reason is the error it should be.
        blocked=blocked if blocked or data.get("blocked") else None,
        unblocked=bool(data.get("unblock")),
        at=parse_local_moment(data.get("at", ""), N_("as of")),
        user=request.user,
        source="web",
    )


@require_POST
@org_view
def occurrence_checkin(request: HttpRequest, org: Organization, occurrence_id: int) -> HttpResponse:
    """Record progress on one occurrence: percent done, a note, blocked (with a reason) or unblocked."""
    from actionplan.web.views import _change_occurrence

    return _change_occurrence(
        request,
        org,
        occurrence_id,
        lambda occ: _checkin_from_form(request, occ),
        gettext("Progress recorded: %(title)s (occurrence %(number)s)."),
    )
