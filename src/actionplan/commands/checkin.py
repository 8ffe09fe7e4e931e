"""`actionplan checkin REF`: record progress on a step occurrence (percent done, a note, blocked).

A plain Typer command that cli.py registers (Django set up, the language chosen, domain errors
printed as one line with exit 2). The work is `accountability.checkins.check_in`'s; this module
only reads the options and prints one line.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from actionplan.commands.options import LangOption, OrgOption, moment
from actionplan.core.messages import N_

CHECKIN_HELP = N_(
    "Record progress on a step occurrence: percent done, a note, blocked (with a reason) or "
    "unblocked. Recorded in the step's history; bad input is refused with exit 2, nothing written."
)


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def checkin(
    ref: Annotated[
        str, typer.Argument(help=N_("strategy/plan/step, or strategy/plan/step#n of a recurring step."))
    ],
    *,
    percent: Annotated[
        str | None,
        typer.Option("--percent", metavar="N", help=N_("Percent done, a whole number from 0 to 100.")),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help=N_("What was done, or what is next."))
    ] = None,
    blocked: Annotated[
        str | None, typer.Option("--blocked", metavar="REASON", help=N_("It is blocked, and why."))
    ] = None,
    unblocked: Annotated[bool, typer.Option("--unblocked", help=N_("It is no longer blocked."))] = False,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help=N_("The moment the check-in speaks for (default now; org's zone if no offset).")
        ),
    ] = None,
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.accountability.checkins import check_in
    from actionplan.orgs.services import resolve_org
    from actionplan.planning.actions import find_occurrence

    organization = resolve_org(org)
    tz = ZoneInfo(organization.timezone)
    when = moment(at, tz, "--at")
    occurrence = find_occurrence(organization, ref)
    row = check_in(
        occurrence,
        percent=percent,
        note=note or "",
        blocked=blocked,
        unblocked=unblocked,
        at=when,
        user=None,
        source="cli",
    )
    parts = []
    if row.percent is not None:
        parts.append(_("%(percent)s%% done") % {"percent": row.percent})
    if row.blocked:
        parts.append(_("blocked: %(reason)s") % {"reason": row.blocked_reason})
    elif unblocked:
        parts.append(_("no longer blocked"))
    if row.note:
        parts.append(_("note recorded"))
    typer.echo(
        _("%(ref)s checked in at %(at)s: %(what)s")
        % {"ref": ref, "at": row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), "what": "; ".join(parts)}
    )
