"""Options and values the database commands share (cli.py and the command modules import them).

Importing this needs neither Django nor the database: `--help` is answered before Django is set up.
"""

from __future__ import annotations

from datetime import datetime
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
    """ISO date or date-time; naive values are in the organization's zone, a date alone is 00:00.

    ActionError (shown as one line, exit 2) when the text is neither.
    """
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ActionError(
            Message(
                N_("%(option)s: %(value)s is not a date or time (use YYYY-MM-DD or YYYY-MM-DD HH:MM)"),
                {"option": option, "value": text},
            )
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise ActionError(Message(N_("--format must be table or json")))
    return value
