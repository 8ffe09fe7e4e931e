"""`actionplan timeframe`: resolve one time-frame phrase on a working calendar and print the moments."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, NoReturn

import typer

from actionplan.commands.language import catalogue_gettext, cli_language
from actionplan.core import timeframe as tf
from actionplan.core.messages import N_, Message
from actionplan.core.workcal import WorkCalendar, parse_holidays, parse_week_hours, parse_work_week

TIMEFRAME_HELP = N_(
    "Resolve a time frame and print each moment as ISO 8601, one per line.\n\n"
    "A recurrence prints every occurrence; without --times or --until it stops 12 months after --start. "
    "Warnings, then how the phrase was read (which period, counted from which start), go to stderr."
)


def timeframe(
    text: Annotated[
        str,
        typer.Argument(
            help=N_("The phrase, e.g. 'end of week 2 of month 1', 'cuối tháng thứ 3', 'tháng Ba'.")
        ),
    ],
    *,
    start: Annotated[
        str | None, typer.Option("--start", help=N_("Plan start date (YYYY-MM-DD); needed for due dates."))
    ] = None,
    arrived: Annotated[
        str | None,
        typer.Option("--from", help=N_("When the contact arrived (YYYY-MM-DD HH:MM), for response targets.")),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=N_("Language of the phrase: auto, en or vi."))] = "auto",
    holidays: Annotated[str, typer.Option("--holidays", help=N_("Holidays of a country, or none."))] = "VN",
    work_week: Annotated[str, typer.Option("--work-week", help=N_("Working weekdays: mon-fri, mon-sat."))] = (
        "mon-fri"
    ),
    hours: Annotated[
        str,
        typer.Option("--hours", help=N_("Business hours, e.g. '08:00-12:00, 13:00-17:00; sat 08:00-12:00'.")),
    ] = "08:00-12:00, 13:00-17:00",
    tz: Annotated[str, typer.Option("--tz", help=N_("Time zone of the calendar."))] = "Asia/Ho_Chi_Minh",
    closed: Annotated[
        list[str] | None, typer.Option("--closed", help=N_("An extra day off (YYYY-MM-DD); repeatable."))
    ] = None,
    working: Annotated[
        list[str] | None, typer.Option("--working", help=N_("An extra working day (YYYY-MM-DD); repeatable."))
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help=N_("Due inside each period of a recurrence, e.g. 'end of month'.")),
    ] = None,
    times: Annotated[int | None, typer.Option("--times", help=N_("How many occurrences."))] = None,
    until: Annotated[str | None, typer.Option("--until", help=N_("Last due, as a time frame."))] = None,
) -> None:
    try:
        cal = WorkCalendar(
            timezone=tz,
            work_week=parse_work_week(work_week),
            hours=parse_week_hours(hours),
            holidays=parse_holidays(holidays),
            closed_days=frozenset(_day(d, "--closed") for d in closed or ()),
            extra_working_days=frozenset(_day(d, "--working") for d in working or ()),
        )
        value = tf.parse(text, lang)
        if isinstance(value, tf.ResponseTarget) and arrived is None and start is not None:
            # "trong 3 ngày làm việc" with --start: the due reading of the phrase, when it has one.
            value = _due_reading(text, lang) or value
        for moment, warnings in _resolve(value, cal, start, arrived, due, times, until, lang):
            for warning in warnings:
                typer.echo(_text(N_("warning: %(message)s"), message=warning), err=True)
            typer.echo(moment.isoformat())
        if start is not None and not isinstance(value, tf.ResponseTarget):
            reading = tf.explain(value, _day(start, "--start"), cal)
            typer.echo(_text(N_("reading: %(message)s"), message=reading), err=True)
    except tf.TimeFrameError as error:
        _fail(error.message)
    except ValueError as error:  # the calendar's own checks of --hours, --work-week, --holidays, --tz
        _fail(str(error))


def _resolve(
    value: tf.TimeFrame,
    cal: WorkCalendar,
    start: str | None,
    arrived: str | None,
    due: str | None,
    times: int | None,
    until: str | None,
    lang: str,
) -> list[tuple[datetime, tuple[Message, ...]]]:
    if isinstance(value, tf.ResponseTarget):
        if arrived is None:
            _fail(Message(N_("A response target needs --from, the moment the contact arrived.")))
        return [(tf.respond_by(value, _moment(arrived), cal), ())]
    if start is None:
        _fail(Message(N_("This time frame needs --start, the plan's start date.")))
    first = _day(start, "--start")
    if isinstance(value, tf.Recurrence):
        horizon = datetime.combine(tf.add_months(first, 12), time.min, tzinfo=cal.tzinfo)
        found = tf.occurrences(
            value,
            first,
            cal,
            due=tf.parse_due(due, lang) if due else None,
            times=times,
            until=tf.parse_due(until, lang) if until else None,
            horizon=horizon,
        )
    else:
        found = [tf.resolve(value, first, cal)]
    return [(r.due, r.warnings) for r in found]


def _due_reading(text: str, lang: str) -> tf.Due | None:
    try:
        return tf.parse_due(text, lang)
    except tf.TimeFrameError:
        return None


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        _fail(Message(N_("%(option)s: %(text)s is not a date (YYYY-MM-DD)."), dict(option=option, text=text)))


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        _fail(Message(N_("--from: %(text)s is not a date and time (YYYY-MM-DD HH:MM)."), {"text": text}))


def _text(msgid: str, **params: object) -> str:
    # The phrase's language is --lang; the messages speak the CLI's (ACTIONPLAN_LANGUAGE, LANG,
    # or `actionplan --lang vi timeframe ...`).
    return Message(msgid, params).render(catalogue_gettext(cli_language()))


def _fail(message: Message | str) -> NoReturn:
    typer.echo(_text(N_("error: %(message)s"), message=message), err=True)
    raise typer.Exit(2)
