"""My steps: the signed-in user's open occurrences, soonest due first, each with its check-in form.

"Mine" is what `planning.responsibility` lets a member update: occurrences whose responsible is
the user's person, or a team the person belongs to or leads. Statuses, percent done and blocked
come from the review (`build_review` narrowed to these occurrences), as on the tree.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from actionplan.orgs.models import Organization
from actionplan.planning.models import Occurrence
from actionplan.planning.responsibility import actor_for
from actionplan.planning.review import build_review
from actionplan.web.helpers import org_view, status_label
from actionplan.web.tree import OccurrenceRow


def mine(parties: frozenset[int]) -> Q:
    """Occurrences whose responsible (reassignment, else step's, else plan's) is one of `parties`."""
    return (
        Q(responsible__in=parties)
        | Q(responsible__isnull=True, step__responsible__in=parties)
        | Q(
            responsible__isnull=True,
            step__responsible__isnull=True,
            step__action_plan__responsible__in=parties,
        )
    )


@org_view
def my_steps(request: HttpRequest, org: Organization) -> HttpResponse:
    """The signed-in user's open occurrences, soonest due first."""
    from actionplan.web.views import render_page

    actor = actor_for(request.user, org)
    rows: list[dict] = []
    as_of = timezone.now()
    if actor.parties:
        queryset = Occurrence.objects.filter(mine(actor.parties), completed_at__isnull=True)
        review = build_review(org, as_of, queryset=queryset)
        occurrences = Occurrence.objects.in_bulk([i.occurrence_id for i in review.items])
        for item in review.items:  # the review's order: due, then ref
            occ = occurrences[item.occurrence_id]
            rows.append(
                {
                    "item": item,
                    "status_label": status_label(item.status),
                    "occ": OccurrenceRow(
                        occurrence=occ,
                        status=item.status,
                        finish=item.forecast_finish,
                        percent_done=item.percent_done,
                        blocked=item.blocked,
                        may_update=True,
                    ),
                    "ref": item.ref,
                    "step_ref": item.ref.partition("#")[0].split("/"),
                }
            )
    return render_page(
        request, "web/my_steps/page.html", org, rows=rows, as_of=as_of, has_person=bool(actor.parties)
    )
