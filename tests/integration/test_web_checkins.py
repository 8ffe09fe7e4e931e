"""Check-ins from the web: the step page's form, the tree's one-click form, My steps, and who may."""

from __future__ import annotations

import pytest
from clock import freeze_now
from conftest import at
from web_helpers import STEP_SEND, TREE, html, occurrence, shown_statuses

from actionplan.accountability.checkins import check_in
from actionplan.planning.models import ChangeRecord, CheckIn

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
MINE = "/o/acme/mine/"


def checkin_url(occ) -> str:
    return f"/o/acme/occurrences/{occ.id}/checkin"


def test_the_step_page_has_a_labelled_check_in_form_for_the_current_occurrence(owner_client, org):
    text = html(owner_client.get(STEP_SEND))
    send1 = occurrence(org, "send", 1)
    assert f'data-checkin-form="{send1.id}"' in text
    for field in ("percent", "note", "blocked"):
        assert f'<label for="ci-{send1.id}-{field}">' in text
        assert f'id="ci-{send1.id}-{field}"' in text
    assert "Cập nhật tiến độ" in text  # the card's title, in the organization's Vietnamese


def test_a_plain_post_records_and_redirects_back_with_a_message(owner_client, org, alice):
    send1 = occurrence(org, "send", 1)
    response = owner_client.post(
        checkin_url(send1), {"percent": "40", "note": "two sent", "blocked_reason": "", "next": STEP_SEND}
    )
    assert response.status_code == 302 and response["Location"] == STEP_SEND
    row = CheckIn.objects.get()
    assert (row.percent, row.note, row.author) == (40, "two sent", alice)
    assert ChangeRecord.objects.get(action="checked_in").source == "web"
    page = html(owner_client.get(STEP_SEND))
    assert f'data-percent="{send1.id}"' in page and "40%" in page
    assert "cập nhật tiến độ" in page  # the history names the action


def test_blocked_shows_a_badge_with_words_and_the_reason_then_unblock(owner_client, org):
    send1 = occurrence(org, "send", 1)
    owner_client.post(checkin_url(send1), {"blocked_reason": "chờ báo giá", "next": STEP_SEND})
    page = html(owner_client.get(STEP_SEND))
    assert f'data-blocked="{send1.id}"' in page
    assert "bị vướng" in page and "chờ báo giá" in page
    assert 'name="unblock"' in page  # the form offers to clear it
    assert "bị vướng" in html(owner_client.get(TREE))

    owner_client.post(checkin_url(send1), {"unblock": "1", "next": STEP_SEND})
    assert f'data-blocked="{send1.id}"' not in html(owner_client.get(STEP_SEND))


def test_bad_input_is_shown_and_nothing_written(owner_client, org):
    send1 = occurrence(org, "send", 1)
    response = owner_client.post(checkin_url(send1), {"percent": "140", "next": STEP_SEND}, follow=True)
    assert "140" in html(response) and "0 đến 100" in html(response)
    owner_client.post(checkin_url(send1), {"blocked": "1", "blocked_reason": " "})
    owner_client.post(checkin_url(send1), {"percent": "5", "at": "not a time"})
    assert CheckIn.objects.count() == 0 and ChangeRecord.objects.count() == 0


def test_the_tree_row_check_in_with_htmx_returns_the_row(owner_client, org):
    write = occurrence(org, "write")
    text = html(owner_client.get(TREE))
    assert f'id="qc-{write.id}-percent"' in text and f'<label for="qc-{write.id}-percent"' in text

    response = owner_client.post(checkin_url(write), {"percent": "25", "note": "outline"}, **HTMX)

    row = html(response)
    assert response.status_code == 200
    assert row.lstrip().startswith(f'<tbody id="step-{write.step_id}"')
    assert f'data-percent="{write.id}"' in row and "25%" in row
    assert CheckIn.objects.get().percent == 25


def test_an_htmx_error_is_shown_in_the_row(owner_client, org):
    write = occurrence(org, "write")
    row = html(owner_client.post(checkin_url(write), {"percent": "-3"}, **HTMX))
    assert 'role="alert"' in row and "-3" in row
    assert CheckIn.objects.count() == 0


def test_a_member_gets_forms_only_on_their_own_occurrences(member_client, org):
    send1, send2, write = occurrence(org, "send", 1), occurrence(org, "send", 2), occurrence(org, "write")
    tree = html(member_client.get(TREE))
    assert f'data-checkin-form="{send2.id}"' in tree
    assert f'data-checkin-form="{send1.id}"' not in tree
    assert f'data-checkin-form="{write.id}"' not in tree


def test_a_member_cannot_check_in_on_someone_elses_occurrence(member_client, org, bob):
    write = occurrence(org, "write")
    response = member_client.post(checkin_url(write), {"percent": "50"}, follow=True)
    assert "không được" in html(response) or "may not" in html(response)
    assert CheckIn.objects.count() == 0

    send2 = occurrence(org, "send", 2)  # reassigned to bob
    member_client.post(checkin_url(send2), {"percent": "50"})
    assert CheckIn.objects.get().author == bob


def test_an_outsider_gets_404(outsider_client, org):
    assert outsider_client.post(checkin_url(occurrence(org, "write")), {"percent": "5"}).status_code == 404
    assert outsider_client.get(MINE.replace("acme", "acme")).status_code == 404
    assert CheckIn.objects.count() == 0


def test_get_is_refused(owner_client, org):
    assert owner_client.get(checkin_url(occurrence(org, "write"))).status_code == 405


def test_my_steps_lists_my_open_occurrences_soonest_first(owner_client, member_client, org):
    # bob: only send#2 (reassigned to him)
    page = html(member_client.get(MINE))
    send2 = occurrence(org, "send", 2)
    assert list(shown_statuses(page)) == [send2.id]
    assert f'data-checkin-form="{send2.id}"' in page
    assert "Việc của tôi" in page

    # alice: her plan's write? no (the vendor's); the marketing team's send#1 and #3 (she is in
    # it), not list (done), not send#2 (bob's)
    page = html(owner_client.get(MINE))
    ids = list(shown_statuses(page))
    assert ids == [occurrence(org, "send", 1).id, occurrence(org, "send", 3).id]


def test_my_steps_without_a_linked_person(outsider_client, org, other_org, outsider):
    text = html(outsider_client.get("/o/other/mine/"))
    assert "linked" in text or "liên kết" in text


def test_done_with_a_backdated_time_records_who_and_both_times(member_client, org, bob, monkeypatch):
    now = freeze_now(monkeypatch, at(2027, 5, 2, 9))
    member_client.force_login(bob)  # a session that has not expired by then
    send2 = occurrence(org, "send", 2)
    response = member_client.post(
        f"/o/acme/occurrences/{send2.id}/done", {"done_at": "2027-04-29T16:30", "next": STEP_SEND}
    )
    assert response.status_code == 302
    send2.refresh_from_db()
    assert send2.completed_at == at(2027, 4, 29, 16, 30)
    assert send2.completed_by == bob and send2.completion_recorded_at == now
    assert shown_statuses(html(member_client.get(STEP_SEND)))[send2.id] == "done_on_time"


def test_a_member_cannot_mark_someone_elses_occurrence_done(member_client, org):
    write = occurrence(org, "write")
    member_client.post(f"/o/acme/occurrences/{write.id}/done")
    write.refresh_from_db()
    assert write.completed_at is None


def test_english_pages(owner_client, org, alice):
    check_in(occurrence(org, "send", 1), percent=10, blocked="no printer", user=alice)
    owner_client.cookies["django_language"] = "en"
    text = html(owner_client.get(STEP_SEND))
    assert "Update progress" in text and "Percent done" in text and "blocked" in text and "10% done" in text
    assert "My steps" in text


def test_the_step_page_offers_a_member_the_first_occurrence_that_is_theirs(member_client, org):
    text = html(member_client.get(STEP_SEND))
    send1, send2 = occurrence(org, "send", 1), occurrence(org, "send", 2)
    assert f'data-checkin-form="{send2.id}"' in text  # bob's, though #1 comes first
    assert f'data-checkin-form="{send1.id}"' not in text


def test_my_steps_runs_a_bounded_number_of_queries(member_client, org, django_assert_max_num_queries):
    from datetime import timedelta

    from actionplan.planning.models import Occurrence

    bob = org.parties.get(key="bob")
    send = org.steps.get(key="send")
    last = occurrence(org, "send", 3)
    for n in range(4, 30):
        Occurrence.objects.create(
            organization=org,
            step=send,
            number=n,
            due=last.due + timedelta(days=30 * n),
            baseline_due=last.due + timedelta(days=30 * n),
            responsible=bob,
        )
    # session, user, organization, the user's organizations, the user's parties, the review
    # (the forecast's three reads and the narrowed occurrences), the occurrences' rows
    with django_assert_max_num_queries(10):
        page = html(member_client.get(MINE))
    assert len(shown_statuses(page)) == 27


def test_done_buttons_name_their_occurrence_for_screen_readers(owner_client, org):
    text = html(owner_client.get(STEP_SEND))
    assert text.count("lần 1, hạn 31/03/2027 17:00") == 1 and "lần 2, hạn 30/04/2027 17:00" in text


def test_done_at_in_the_future_or_unreadable_is_refused(owner_client, org):
    write = occurrence(org, "write")
    for value, words in (("2099-01-01T10:00", "tương lai"), ("someday", "không phải là ngày giờ")):
        page = html(
            owner_client.post(f"/o/acme/occurrences/{write.id}/done", {"done_at": value}, follow=True)
        )
        assert words in page
    write.refresh_from_db()
    assert write.completed_at is None and ChangeRecord.objects.count() == 0
