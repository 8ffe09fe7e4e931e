"""`actionplan history REF`: who changed what, when and why (accountability.history computes it).

A plain Typer command; cli.py registers it (Django set up, the language chosen, an unknown REF
printed as one line with exit 2).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from actionplan.commands.options import FormatOption, LangOption, OrgOption, check_format
from actionplan.core.messages import N_

HISTORY_HELP = N_(
    "Every recorded change of a strategy, goal, action plan, step (with its occurrences), "
    "occurrence, or person, team or vendor: when, by whom, from where, which field from what to "
    "what, and why; newest first. History cannot be edited or deleted."
)
REF_HELP = N_(
    "strategy, strategy/goal, strategy/plan, strategy/plan/step, strategy/plan/step#n, "
    "or the id of a person, team or vendor."
)


def _(msgid: str) -> str:
    from django.utils.translation import gettext

    return gettext(msgid)


def history(
    ref: Annotated[str, typer.Argument(help=REF_HELP)],
    *,
    format: FormatOption = "table",  # noqa: A002 - the option's name
    org: OrgOption = None,
    lang: LangOption = None,
) -> None:
    from actionplan.accountability.history import history as history_of
    from actionplan.accountability.history import history_json
    from actionplan.orgs.services import resolve_org

    check_format(format)
    organization = resolve_org(org)
    entries = history_of(organization, ref)
    if format == "json":
        sys.stdout.write(json.dumps(history_json(entries), ensure_ascii=False, indent=2) + "\n")
        return
    _table(organization, ref, entries)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _table(organization: Any, ref: str, entries: list[Any]) -> None:
    from django.utils.translation import pgettext
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    if not entries:
        console.print(_("%(ref)s: no recorded change") % {"ref": ref}, markup=False)
        return
    several = len({e.ref for e in entries}) > 1
    table = Table(
        title=_("History of %(ref)s (%(org)s)") % {"ref": ref, "org": organization.name},
        title_justify="left",
    )
    # Column headers with a context of their own: short words that other tables may word otherwise.
    table.add_column(pgettext("history column", "at"), no_wrap=True)
    if several:
        table.add_column(pgettext("history column", "ref"), no_wrap=True)
    table.add_column(pgettext("history column", "by"), no_wrap=True)
    table.add_column(pgettext("history column", "source"), no_wrap=True)
    table.add_column(pgettext("history column", "action"), no_wrap=True)
    table.add_column(pgettext("history column", "field"), no_wrap=True)
    table.add_column(pgettext("history column", "old"), no_wrap=True)
    table.add_column(pgettext("history column", "new"), no_wrap=True)
    table.add_column(pgettext("history column", "reason"), overflow="fold", ratio=1)
    from actionplan.accountability.history import ACTION_LABELS, SOURCE_LABELS

    labels = {key: str(label) for key, label in {**SOURCE_LABELS, **ACTION_LABELS}.items()}
    for e in entries:
        row = [e.at.strftime("%Y-%m-%d %H:%M")]
        if several:
            row.append(e.ref)
        row += [
            e.by or "—",
            labels.get(e.source, e.source),
            labels.get(e.action, e.action),
            e.field or "—",
            _show(e.old) if e.field else "",
            _show(e.new) if e.field else "",
            e.reason,
        ]
        table.add_row(*row)
    console.print(table)
