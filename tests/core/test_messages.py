"""Core messages translate as a whole: the msgid and the marked fragments passed as its params."""

import pytest

from actionplan.core import planfile
from actionplan.core.messages import N_, Message

VI = {
    "expected %(what)s, got %(got)s": "cần %(what)s, nhận được %(got)s",
    "text": "văn bản",
    "a list": "một danh sách",
    "one of: %(options)s": "một trong: %(options)s",
}


def fake_gettext(msgid: str) -> str:
    return VI.get(msgid, msgid)


def test_marked_params_and_nested_messages_are_translated_plain_values_are_not():
    nested = Message(N_("one of: %(options)s"), {"options": "low, high"})
    message = Message(N_("expected %(what)s, got %(got)s"), {"what": nested, "got": "'text'"})
    assert message.render(fake_gettext) == "cần một trong: low, high, nhận được 'text'"
    assert message.render() == "expected one of: low, high, got 'text'"


def test_a_plan_file_error_reads_entirely_in_the_users_language():
    text = "version: 1\norganization: {id: x, name: [a, b]}\n"
    with pytest.raises(planfile.PlanFileError) as caught:
        planfile.load(text, "p.yaml")
    rendered = [error.message.render(fake_gettext) for error in caught.value.errors]
    assert rendered == ["cần văn bản, nhận được một danh sách"]
