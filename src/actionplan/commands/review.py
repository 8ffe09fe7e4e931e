"""`actionplan review`'s agenda sections and `actionplan review --minutes ID`.

cli.py keeps the command (its options, the items table and the JSON's `items`, an external
contract); this module prints what the review meeting adds: the agenda of the scope since the
previous review (`accountability.reviews.agenda`) and the Markdown minutes of a saved review.
"""

from __future__ import annotations

import sys
from typing import Any

from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def print_minutes(org: Any, review_id: str) -> None:
    """The Markdown minutes of review `review_id` of `org`; ActionError (exit 2) if unknown."""
    from actionplan.accountability.models import Review
    from actionplan.accountability.reviews import minutes_markdown

    review = None
    if review_id.strip().lstrip("#").isdigit():
        review = (
            Review.objects.select_related("organization")
            .filter(organization=org, pk=int(review_id.strip().lstrip("#")))
            .first()
        )
    if review is None:
        raise ActionError(
            Message(
                N_("no review %(id)s in %(org)s (see the reviews page)"), {"id": review_id, "org": org.key}
            )
        )
    sys.stdout.write(minutes_markdown(review))


def print_agenda(agenda: Any) -> None:
    """The agenda's sections after the review's table: one titled list each, empty ones in one line."""
    from rich.console import Console

    from actionplan.accountability.reviews import SECTION_TITLES, SECTIONS, late_text

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    since = agenda.since.strftime("%Y-%m-%d %H:%M") if agenda.since else _("the start (first review)")
    console.print("")
    console.print(
        _("Agenda for %(scope)s since %(since)s") % {"scope": agenda.scope.label(), "since": since},
        markup=False,
        style="bold",
    )
    for name in SECTIONS:
        entries = agenda.sections[name]
        console.print(f"{_(SECTION_TITLES[name])} ({len(entries)})", markup=False, style="bold")
        for item in entries:
            extra = ""
            if name == "done_late":
                late = agenda.late_by(item)
                extra = " — " + _("late by %(late)s") % {"late": late_text(late.total_seconds() / 3600)}
            elif name == "blocked":
                extra = " — " + (item.blocked or "")
            console.print(
                f"  {item.ref}  {item.title}  ({item.responsible.name}, {item.due:%Y-%m-%d}){extra}",
                markup=False,
            )
    over = agenda.overloaded
    console.print(f"{_(SECTION_TITLES['overloaded'])} ({len(over)})", markup=False, style="bold")
    for o in over:
        console.print(f"  {o.name}: {o.percent}% ({', '.join(o.weeks)})", markup=False)
