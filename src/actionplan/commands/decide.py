"""`actionplan decide REF ...` and `actionplan rate REF LEVEL`: one decision or one rating outside a
review meeting.

Plain Typer commands that cli.py registers (Django set up, the language chosen, domain errors
printed as one line with exit 2). The work is `accountability.decisions`'s; these only read the
options and print one line.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from actionplan.commands.options import LangOption, OrgOption
from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError

DECIDE_HELP = N_(
    "Record a decision on a step occurrence, with its reason: reschedule (the baseline due stays), "
    "reassign, reprioritise or drop. Recorded in the step's history; bad input is refused with exit 2, "
    "nothing written."
)
RATE_HELP = N_(
    "Rate the quality of a done step occurrence: 1 to 5, or poor, weak, fair, good, excellent "
    "(kém, yếu, đạt, tốt, xuất sắc). Shown in the scorecards; rating again replaces it."
)

REF_ARG = Annotated[
    str, typer.Argument(help=N_("strategy/plan/step, or strategy/plan/step#n of a recurring step."))
]


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def decide(
    ref: REF_ARG,
    *,
    reschedule: Annotated[
        str | None,
        typer.Option(
            "--reschedule",
            metavar="DUE",
            help=N_(
                "New due: a date, a date and time, or a time frame from today ('+5 business days', "
                "'cuối tuần sau')."
            ),
        ),
    ] = None,
    reassign: Annotated[
        str | None,
        typer.Option(
            "--reassign", metavar="WHO", help=N_("Id of a person, team or vendor of the organization.")
        ),
    ] = None,
    priority: Annotated[
        str | None,
        typer.Option(
            "--priority",
            metavar="LEVEL",
            help=N_(
                "New priority of the step: critical, high, normal, low (khẩn cấp, cao, bình thường, thấp)."
            ),
        ),
    ] = None,
    drop: Annotated[
        bool, typer.Option("--drop", help=N_("Drop the occurrence (it leaves the review)."))
    ] = False,
    reason: Annotated[
        str | None, typer.Option("--reason", metavar="TEXT", help=N_("Why (required)."))
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.accountability.decisions import DecisionInput
    from actionplan.accountability.decisions import decide as decide_
    from actionplan.orgs.services import resolve_org

    chosen = [
        (kind, value)
        for kind, value in (
            ("reschedule", reschedule),
            ("reassign", reassign),
            ("reprioritise", priority),
            ("drop", drop or None),
        )
        if value is not None
    ]
    if len(chosen) != 1:
        raise ActionError(
            Message(N_("say one decision: --reschedule DUE, --reassign WHO, --priority LEVEL or --drop"))
        )
    if not (reason or "").strip():
        raise ActionError(Message(N_("--reason: say why (a reason is required)")))
    organization = resolve_org(org)
    kind, value = chosen[0]
    given = DecisionInput(
        ref=ref,
        kind=kind,
        reason=reason or "",
        due=value if kind == "reschedule" else None,
        who=value if kind == "reassign" else None,
        priority=value if kind == "reprioritise" else None,
    )
    (decision,) = decide_(organization, [given], user=None, source="cli")
    tz = ZoneInfo(organization.timezone)
    if kind == "reschedule":
        line = _("%(ref)s rescheduled to %(due)s (baseline due %(baseline)s kept)") % {
            "ref": decision.ref,
            "due": decision.due.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            "baseline": decision.occurrence.baseline_due.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
        }
    elif kind == "reassign":
        line = _("%(ref)s reassigned to %(who)s") % {"ref": decision.ref, "who": decision.party.key}
    elif kind == "reprioritise":
        from actionplan.planning.models import Priority

        line = _("%(ref)s: priority of the step is now %(priority)s") % {
            "ref": decision.ref,
            "priority": Priority(decision.priority).label,
        }
    else:
        line = _("%(ref)s dropped") % {"ref": decision.ref}
    typer.echo(line)


def rate(
    ref: REF_ARG,
    level: Annotated[
        str,
        typer.Argument(
            help=N_("1 to 5, or poor, weak, fair, good, excellent (kém, yếu, đạt, tốt, xuất sắc).")
        ),
    ],
    *,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help=N_("A note on the quality."))
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.accountability.decisions import rate as rate_
    from actionplan.accountability.models import Rating
    from actionplan.orgs.services import resolve_org
    from actionplan.planning.actions import find_occurrence

    organization = resolve_org(org)
    rating = rate_(find_occurrence(organization, ref), level, user=None, note=note or "", source="cli")
    typer.echo(
        _("%(ref)s rated %(level)s/5 (%(word)s)")
        % {"ref": ref, "level": rating.level, "word": Rating.Level(rating.level).label}
    )
