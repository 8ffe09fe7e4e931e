"""Options and values the database commands share (cli.py and the command modules import them).

Importing this needs neither Django nor the database: `--help` is answered before Django is set up.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError

OrgOption = Annotated[
    str | None,
    typer.Option("--org", help=N_("Organization id; needed only when the database holds several.")),
]
LangOption = Annotated[str | None, typer.Option("--lang", help=N_("Language of messages: en or vi."))]
FormatOption = Annotated[str, typer.Option("--format", help=N_("table or json."))]
FORMATS = ("table", "json")


def moment(text: str | None, tz: ZoneInfo, option: str) -> datetime | None:
    """Any ISO 8601 date or date-time, as the plan file reads them (planfile_values.parse_moment):
    with Z or an offset it is that moment; naive values are in the organization's zone, a date
    alone is 00:00.

    ActionError (shown as one line, exit 2) when the text is neither.
    """
    if text is None:
        return None
    from actionplan.core.planfile_values import parse_moment

    value = parse_moment(text)
    if value is None:
        raise ActionError(
            Message(
                N_("%(option)s: %(value)s is not a date or time (use YYYY-MM-DD or YYYY-MM-DD HH:MM)"),
                {"option": option, "value": text},
            )
        )
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise ActionError(Message(N_("--format must be table or json")))
    return value
