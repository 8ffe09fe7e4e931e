"""Fuzzing the parser: whatever the text, the only failure is a TimeFrameError.

Also: anything that does parse renders back to a phrase that parses to the same value, and
resolves (or fails with a TimeFrameError) on a calendar.
"""

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actionplan.core.timeframe import (
    Recurrence,
    TimeFrameError,
    examples,
    help_examples,
    occurrences,
    parse,
    render,
    resolve,
    respond_by,
)
from actionplan.core.timeframe.values import DUE_TYPES
from actionplan.core.workcal import WorkCalendar

CAL = WorkCalendar()
START = date(2027, 3, 1)
VALID = [*examples("en"), *examples("vi")]
VOCABULARY = sorted({word for phrase in VALID for word in phrase.split()} | {
    "thứ", "hai", "đầu", "tiên", "the", "second", "first", "of", "every", "other", "within", "four",
    "mười", "một", "cùng", "hôm", "sau", "ngày", "+", "-", "0", "00", "99999999", "2027-02-30", "29/02/2028",
    "13:61", "24h", "1st", "22nd", "3rd", "thứ tư", "đồng hồ", "\u0301", "İ", "ǅ", "١٢", "２",
    # the second edition: calendar names, weekdays, parts, this/next, holidays, set days
    "tháng", "quý", "năm", "giêng", "chạp", "này", "nay", "tới", "nữa", "giữa", "cn", "t2", "t8",
    "q3", "q5", "30/4", "31/2", "0/0", "mid", "middle", "start", "this", "next", "before", "after", "in",
    "last", "monday", "fri", "march", "may", "2027", "1899", "tết", "tet", "christmas", "giỗ", "chủ nhật",
    "cuối cùng", "một lần", "and", "và", "trước", "thu", "sau tết", "mid-march", "’s",
})  # fmt: skip
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    for lang in ("auto", "en", "vi"):
        try:
            value = parse(text, lang)
        except TimeFrameError as error:
            assert error.message.render()
            continue
        for out in ("en", "vi"):
            assert parse(render(value, out)) == value
        try:
            if isinstance(value, Recurrence):
                occurrences(value, START, CAL, times=3)
            elif isinstance(value, DUE_TYPES):
                resolve(value, START, CAL)
            else:
                respond_by(value, datetime(2027, 3, 1, 15, 0), CAL)
        except TimeFrameError:
            pass


@FUZZ
@given(st.text())
def test_random_text(text: str) -> None:
    check(text)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_random_unicode(text: str) -> None:
    check(text)


@FUZZ
@given(st.lists(st.sampled_from(VOCABULARY), max_size=10).map(" ".join))
def test_random_sentences_of_known_words(text: str) -> None:
    check(text)


def _mutate(phrase: str, edits: list[tuple[int, int, str]]) -> str:
    for kind, where, char in edits:
        i = where % (len(phrase) + 1)
        if kind == 0:
            phrase = phrase[:i] + char + phrase[i:]
        elif kind == 1:
            phrase = phrase[:i] + phrase[i + 1 :]
        elif kind == 2:
            phrase = phrase[:i] + char + phrase[i + 1 :]
        else:
            words = phrase.split()
            if len(words) > 1:
                j = where % (len(words) - 1)
                words[j], words[j + 1] = words[j + 1], words[j]
            phrase = " ".join(words)
    return phrase


@FUZZ
@given(
    st.sampled_from(VALID),
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 100), st.characters(codec="utf-8")),
        min_size=1,
        max_size=4,
    ),
)
def test_mutations_of_valid_phrases(phrase: str, edits: list[tuple[int, int, str]]) -> None:
    check(_mutate(phrase, edits))


@FUZZ
@given(st.sampled_from(VALID), st.integers(0, 10**12), st.sampled_from(["en", "vi"]))
def test_numbers_of_any_size_in_valid_phrases(phrase: str, number: int, lang: str) -> None:
    check(" ".join(str(number) if word.strip("+").isdigit() else word for word in phrase.split()))


def test_every_example_phrase_parses_and_renders_back_in_both_languages() -> None:
    for phrase in VALID:
        value = parse(phrase)
        assert parse(render(value, "en")) == value, phrase
        assert parse(render(value, "vi")) == value, phrase


def test_help_examples_are_examples() -> None:
    for lang in ("en", "vi"):
        for kind in ("due", "repeat", "target"):
            shown = help_examples(lang, kind)  # type: ignore[arg-type]
            assert shown and set(shown) <= set(examples(lang, (kind,)))  # type: ignore[arg-type]
