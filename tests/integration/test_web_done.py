"""Marking a step occurrence done (and reopening it) from the web page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from web_helpers import STEP_LIST, TREE, html, occurrence, shown_statuses

from actionplan.core.messages import Message
from actionplan.errors import ActionError
from actionplan.planning import actions
from actionplan.planning.models import ChangeRecord

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def done_url(occ) -> str:
    return f"/o/acme/occurrences/{occ.id}/done"


def test_htmx_mark_done_returns_the_row_with_the_new_status(owner_client, org):
    # Given the `write` step, open and due in the future
    occ = occurrence(org, "write")

    # When alice marks it done from the tree with htmx
    response = owner_client.post(done_url(occ), **HTMX)

    # Then the response is the step's row fragment with the new status, not a whole page
    text = html(response)
    assert response.status_code == 200
    assert text.lstrip().startswith(f'<tbody id="step-{occ.step_id}"')
    assert "<html" not in text
    assert shown_statuses(text) == {occ.id: "done_on_time"}
    assert "hoàn thành đúng hạn" in text
    assert "Mở lại" in text  # the reopen button replaced the done button
    assert 'hx-swap-oob="true"' in text  # the status summary is refreshed too
    occ.refresh_from_db()
    assert occ.completed_at is not None
    assert abs((timezone.now() - occ.completed_at).total_seconds()) < 60


def test_plain_post_redirects_back_with_a_message(owner_client, org):
    occ = occurrence(org, "write")
    response = owner_client.post(done_url(occ))
    assert response.status_code == 302
    assert response["Location"] == f"{TREE}#step-{occ.step_id}"
    page = owner_client.get(response["Location"])
    assert "Write six press releases" in html(page)
    assert shown_statuses(html(page))[occ.id] == "done_on_time"


def test_next_must_stay_on_this_site(owner_client, org):
    occ = occurrence(org, "write")
    response = owner_client.post(done_url(occ), {"next": "https://evil.example/"})
    assert response["Location"].startswith(TREE)
    occ2 = occurrence(org, "send", 1)
    response = owner_client.post(done_url(occ2), {"next": "/o/acme/steps/visibility/media/send/"})
    assert response["Location"] == "/o/acme/steps/visibility/media/send/"


def test_the_change_is_recorded_as_a_web_change_by_the_user(owner_client, org, alice):
    occ = occurrence(org, "write")
    owner_client.post(done_url(occ))
    record = ChangeRecord.objects.filter(
        organization=org, object_ref__startswith="visibility/media/write"
    ).first()
    assert record is not None
    assert record.source == "web" and record.user == alice


def test_a_member_may_mark_done(member_client, org):
    occ = occurrence(org, "send", 2)
    response = member_client.post(done_url(occ), **HTMX)
    assert response.status_code == 200
    occ.refresh_from_db()
    assert occ.completed_at is not None
    assert "open" in html(response).split("<details", 1)[1].split(">", 1)[0]  # recurring list stays open


def test_get_is_not_allowed(owner_client, org):
    occ = occurrence(org, "write")
    assert owner_client.get(done_url(occ)).status_code == 405


def test_csrf_is_enforced(org, alice):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(alice)
    occ = occurrence(org, "write")
    assert c.post(done_url(occ)).status_code == 403
    occ.refresh_from_db()
    assert occ.completed_at is None


def test_reopen_makes_the_occurrence_open_again(owner_client, org):
    occ = occurrence(org, "list")
    response = owner_client.post(f"/o/acme/occurrences/{occ.id}/reopen", **HTMX)
    assert response.status_code == 200
    occ.refresh_from_db()
    assert occ.completed_at is None
    assert shown_statuses(html(response))[occ.id] != "done_on_time"
    assert "Đánh dấu hoàn thành" in html(response)


def _refuse(*args, **kwargs):
    raise ActionError(Message("%(title)s cannot be marked done yet.", {"title": "Write six press releases"}))


def test_a_refusal_is_shown_inline_with_htmx(owner_client, org, monkeypatch):
    monkeypatch.setattr(actions, "mark_done", _refuse)
    occ = occurrence(org, "write")
    response = owner_client.post(done_url(occ), **HTMX)
    assert response.status_code == 200
    assert 'role="alert"' in html(response)
    assert "Write six press releases cannot be marked done yet." in html(response)


def test_a_refusal_is_a_message_after_a_plain_post(owner_client, org, monkeypatch):
    monkeypatch.setattr(actions, "mark_done", _refuse)
    occ = occurrence(org, "write")
    page = owner_client.post(done_url(occ), follow=True)
    assert page.status_code == 200
    assert "cannot be marked done yet" in html(page)
    assert "Traceback" not in html(page)


def test_step_page_buttons_post_back_to_the_step_page(owner_client, org):
    text = html(owner_client.get(STEP_LIST))
    assert f'name="next" value="{STEP_LIST}"' in text
