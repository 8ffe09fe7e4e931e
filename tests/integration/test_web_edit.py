"""Editing on the web: the step form with its live preview, start dates, permissions."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import at, snapshot
from web_helpers import TREE, html

from actionplan.planning.exporter import export_text
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import ActionPlan, ChangeRecord, Occurrence, Step, Strategy

pytestmark = pytest.mark.django_db
STEP = "/o/acme/steps/visibility/media/{}/"
EDIT = STEP + "edit"
PREVIEW = STEP + "preview"


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def form_data(key: str, **changes) -> dict:
    step = Step.objects.select_related("responsible").get(key=key)
    data = {
        "title": step.title,
        "description": step.description,
        "responsible": step.responsible.key if step.responsible else "",
        "due_phrase": step.due_phrase,
        "repeat_phrase": step.repeat_phrase,
        "times": "" if step.times is None else str(step.times),
        "until_phrase": step.until_phrase,
        "effort_hours": "" if step.effort_hours is None else str(step.effort_hours),
        "priority": str(step.priority),
        "reason": "",
    }
    return data | changes


def due(key: str, number: int = 1) -> Occurrence:
    return Occurrence.objects.get(step__key=key, number=number)


def test_the_edit_page_shows_the_form_with_accepted_forms_in_the_user_language(owner_client):
    text = html(owner_client.get(EDIT.format("send")))  # acme is Vietnamese
    assert 'name="due_phrase"' in text and 'value="end of month"' in text
    assert "cuối tháng thứ sáu" in text and "hàng tháng" in text  # accepted forms, in Vietnamese
    assert "Lý do (không bắt buộc)" in text and "Người phụ trách kế hoạch hành động (Alice Nguyen)" in text
    assert "<optgroup" in text and "Freelance writer" in text and "Alice Nguyen (" not in text
    assert 'hx-get="/o/acme/steps/visibility/media/send/preview"' in text
    assert "csrfmiddlewaretoken" in text
    text = html(english(owner_client).get(EDIT.format("send")))
    assert "end of week 2 of month 1" in text  # accepted forms, in English


def test_a_vietnamese_phrase_is_saved_and_shown_with_the_reason_in_the_history(owner_client, alice):
    data = form_data("write", due_phrase="cuối tháng thứ hai", reason="Người viết bận", effort_hours="2d")
    response = owner_client.post(EDIT.format("write"), data)
    assert response.status_code == 302 and response["Location"] == STEP.format("write")
    step = Step.objects.get(key="write")
    assert step.due_phrase == "cuối tháng thứ hai" and step.effort_hours == 16
    occ = due("write")
    assert occ.due == at(2027, 4, 29) and occ.baseline_due == at(2027, 3, 31)
    record = ChangeRecord.objects.get(object_type="step", object_ref="visibility/media/write")
    assert record.reason == "Người viết bận" and record.user == alice and record.source == "web"
    page = html(owner_client.get(STEP.format("write")))
    assert "Người viết bận" in page and "cuối tháng thứ hai" in page and "29/04/2027 17:00" in page


def test_a_vietnamese_phrase_typed_without_marks_is_kept_as_typed_and_resolves_the_same(owner_client):
    response = owner_client.post(EDIT.format("write"), form_data("write", due_phrase="cuoi thang thu hai"))
    assert response.status_code == 302
    assert Step.objects.get(key="write").due_phrase == "cuoi thang thu hai"
    assert due("write").due == at(2027, 4, 29)
    preview = html(owner_client.get(PREVIEW.format("send"), {"repeat_phrase": "hang thang", "times": "2"}))
    assert "2 hạn chót" in preview and "31/03/2027 17:00" in preview and "29/04/2027 17:00" in preview


def test_an_english_phrase_and_a_new_responsible(owner_client):
    response = owner_client.post(EDIT.format("list"), form_data("list", due_phrase="+10 business days",
                                                                responsible="bob"))  # fmt: skip
    assert response.status_code == 302
    step = Step.objects.get(key="list")
    assert step.responsible.key == "bob" and step.due_phrase == "+10 business days"
    assert due("list").due == at(2027, 3, 12)  # done: keeps its due


def test_an_unparseable_phrase_shows_the_unknown_words_and_closest_forms_and_writes_nothing(owner_client):
    before = snapshot("acme")
    response = english(owner_client).post(
        EDIT.format("write"), form_data("write", title="Changed", due_phrase="end of blorp month 2")
    )
    assert response.status_code == 200
    text = html(response)
    assert "blorp" in text and "Closest accepted forms" in text and "end of month 1;" in text
    assert 'class="field__error"' in text
    assert snapshot("acme") == before
    assert not ChangeRecord.objects.exists()


def test_times_without_repeat_is_a_field_error(owner_client):
    before = snapshot("acme")
    response = english(owner_client).post(EDIT.format("write"), form_data("write", times="3"))
    assert response.status_code == 200 and "times needs a repeat" in html(response)
    assert snapshot("acme") == before


def test_a_due_on_a_holiday_is_saved_moved_and_the_warning_shown(owner_client):
    response = english(owner_client).post(
        EDIT.format("write"), form_data("write", due_phrase="2027-09-02"), follow=True
    )
    text = html(response)
    assert due("write").due.date() == date(2027, 9, 1)
    assert "message--warning" in text and "2027-09-02" in text


def test_fewer_repeats_delete_open_occurrences_and_keep_a_done_one(owner_client):
    assert owner_client.post(EDIT.format("send"), form_data("send", times="6")).status_code == 302
    Occurrence.objects.filter(step__key="send", number=5).update(completed_at=at(2027, 7, 30, 9))
    assert owner_client.post(EDIT.format("send"), form_data("send", times="3")).status_code == 302
    assert list(Occurrence.objects.filter(step__key="send").values_list("number", flat=True)) == [1, 2, 3, 5]


def test_changing_the_strategy_start_moves_open_occurrences_and_keeps_done_ones(owner_client):
    url = "/o/acme/strategies/visibility/start"
    assert "2027-03-01" in html(owner_client.get(url))
    response = owner_client.post(url, {"start": "01/04/2027", "reason": "budget came late"})
    assert response.status_code == 302
    assert Strategy.objects.get(key="visibility").start == date(2027, 4, 1)
    assert due("list").due == at(2027, 3, 12)  # done
    assert due("write").due == at(2027, 4, 29) and due("write").baseline_due == at(2027, 3, 31)
    assert ChangeRecord.objects.get(object_type="strategy").reason == "budget came late"


def test_a_plan_start_form_accepts_iso_dates_and_refuses_others(owner_client):
    url = "/o/acme/plans/visibility/media/start"
    assert owner_client.post(url, {"start": "2027-03-15"}).status_code == 302
    assert ActionPlan.objects.get(key="media").start == date(2027, 3, 15)
    before = snapshot("acme")
    response = english(owner_client).post(url, {"start": "next tuesday"})
    assert response.status_code == 200 and "2027-03-15 or 15/03/2027" in html(response)
    assert snapshot("acme") == before


def test_the_preview_lists_the_dues_warnings_and_errors(owner_client):
    english(owner_client)
    url = PREVIEW.format("send")
    query = {"repeat_phrase": "monthly", "due_phrase": "end of month", "times": "3"}
    text = html(owner_client.get(url, query, headers={"HX-Request": "true"}))
    assert "3 due dates" in text and "31 Mar 2027 17:00" in text and "29 Apr 2027 17:00" in text
    assert "<html" not in text
    text = html(owner_client.get(url, {"due_phrase": "2027-09-02"}))  # National Day
    assert "1 due date" in text and "1 Sep 2027 17:00" in text and "message--warning" in text
    text = html(owner_client.get(url, {"due_phrase": "end of blorp"}))
    assert "blorp" in text and "field__error" in text
    assert not ChangeRecord.objects.exists()


def test_members_get_403_and_outsiders_404(member_client, outsider_client):
    for url in (EDIT.format("send"), PREVIEW.format("send"), "/o/acme/strategies/visibility/start",
                "/o/acme/plans/visibility/media/start"):  # fmt: skip
        response = member_client.get(url)
        assert response.status_code == 403 and "owners and managers" in html(english(member_client).get(url))
        assert member_client.post(url, {"start": "2027-04-01"}).status_code == 403
        assert outsider_client.get(url).status_code == 404
    assert Strategy.objects.get(key="visibility").start == date(2027, 3, 1)
    assert 'href="/o/acme/steps/visibility/media/send/edit"' not in html(member_client.get(TREE))


def test_edit_links_for_owners(owner_client):
    tree_page = html(owner_client.get(TREE))
    assert 'href="/o/acme/steps/visibility/media/send/edit"' in tree_page
    assert 'href="/o/acme/strategies/visibility/start"' in tree_page
    assert 'href="/o/acme/plans/visibility/media/start"' in tree_page
    assert 'href="/o/acme/steps/visibility/media/send/edit"' in html(owner_client.get(STEP.format("send")))


def test_csrf_is_checked(org, alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(EDIT.format("write"), form_data("write", title="x")).status_code == 403
    assert Step.objects.get(key="write").title == "Write six press releases"


def test_the_edit_page_query_count_is_bounded(owner_client, django_assert_max_num_queries):
    owner_client.get(EDIT.format("send"))
    with django_assert_max_num_queries(12):
        owner_client.get(EDIT.format("send"))
    with django_assert_max_num_queries(20):
        owner_client.post(EDIT.format("send"), form_data("send", times="5"))


def test_export_after_a_web_edit_then_reimport_changes_nothing(owner_client, org):
    import_plan_file(export_text(org), "first.yaml")
    owner_client.post(
        EDIT.format("write"), form_data("write", due_phrase="cuối tháng thứ hai", effort_hours="6h")
    )
    owner_client.post("/o/acme/strategies/visibility/start", {"start": "2027-03-08"})
    text = export_text(org)
    assert "cuối tháng thứ hai" in text
    before = snapshot("acme")
    assert not import_plan_file(text, "exported.yaml").changed
    assert snapshot("acme") == before
