"""The step page: details, dependencies, occurrences with baseline and status, history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from web_helpers import STEP_SEND, html, occurrence, overload_alice, shown_statuses

from actionplan.planning.models import ChangeRecord
from actionplan.planning.review import build_review

pytestmark = pytest.mark.django_db
STEP_WRITE = "/o/acme/steps/visibility/media/write/"


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_step_page_shows_the_details(owner_client, org):
    step = org.steps.get(key="write")
    step.description = "Six releases, one per month."
    step.cost = 3_000_000
    step.effort_hours = 12.5
    step.save()
    text = html(english(owner_client).get(STEP_WRITE))
    for expected in [
        "Write six press releases",
        "Six releases, one per month.",
        "Freelance writer",
        "end of month 1",
        "3,000,000 VND",
        "12.5 h",
        "normal",
        "31 Mar 2027 17:00",
    ]:
        assert expected in text, expected


def test_dependencies_link_both_ways(owner_client, org):
    text = html(owner_client.get(STEP_WRITE))
    assert 'href="/o/acme/steps/visibility/media/list/"' in text  # waits for `list`
    assert 'href="/o/acme/steps/visibility/media/send/"' in text  # `send` waits for it


def test_recurring_step_lists_each_occurrence_with_the_review_status(owner_client, org):
    text = html(owner_client.get(STEP_SEND))
    shown = shown_statuses(text)
    review = {i.occurrence_id: i.status for i in build_review(org, timezone.now()).items}
    send = org.steps.get(key="send")
    assert set(shown) == set(send.occurrences.values_list("id", flat=True))
    assert all(shown[occ] == review[occ] for occ in shown)
    assert "Bob Tran" in text  # occurrence 2 is reassigned to bob
    assert "0/3" in text


def test_a_rescheduled_occurrence_shows_its_baseline(owner_client, org):
    occ = occurrence(org, "write")
    occ.due = occ.baseline_due + timedelta(days=7)
    occ.save()
    text = html(english(owner_client).get(STEP_WRITE))
    assert "31 Mar 2027 17:00" in text  # the baseline
    assert "7 Apr 2027 17:00" in text  # the new due date
    assert "rescheduled" in text


def test_history_shows_the_completion_newest_first(owner_client, org, alice):
    # Given an older recorded change of the step
    ChangeRecord.objects.create(
        organization=org,
        at=timezone.now() - timedelta(days=1),
        source="import",
        action="created",
        object_type="step",
        object_ref="visibility/media/write",
        reason="first plan",
    )
    # When alice marks it done from the web
    owner_client.post(f"/o/acme/occurrences/{occurrence(org, 'write').id}/done")

    # Then the step page lists both, the completion first, with who and why
    text = html(english(owner_client).get(STEP_WRITE))
    history = text.split('<table class="history">', 1)[1]
    assert history.index("completed") < history.index("created")
    assert "alice" in history
    assert "first plan" in history
    assert "plan file" in history  # the source of the older record


def test_history_in_vietnamese(owner_client, org):
    owner_client.post(f"/o/acme/occurrences/{occurrence(org, 'write').id}/done")
    text = html(owner_client.get(STEP_WRITE))
    assert "Lịch sử" in text


def test_unknown_step_is_404(owner_client, org):
    assert owner_client.get("/o/acme/steps/visibility/media/nope/").status_code == 404
    assert owner_client.get("/o/acme/steps/other/media/write/").status_code == 404


def test_history_of_a_recurring_step_names_the_occurrence(owner_client, org):
    owner_client.post(f"/o/acme/occurrences/{occurrence(org, 'send', 2).id}/done")
    text = html(english(owner_client).get(STEP_SEND))
    history = text.split('<table class="history">', 1)[1]
    assert "completed" in history and "occurrence 2" in history


def test_not_found_page_is_tidy(owner_client, org, settings):
    settings.DEBUG = False
    response = owner_client.get("/o/acme/steps/visibility/media/nope/")
    assert response.status_code == 404
    assert "Không tìm thấy" in html(response)


def test_the_step_page_runs_a_bounded_number_of_queries(owner_client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actionplan.planning.models import Occurrence

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert owner_client.get(STEP_SEND).status_code == 200
        return len(ctx.captured_queries)

    send = org.steps.get(key="send")
    few = queries()
    due = occurrence(org, "send", 3).due
    Occurrence.objects.bulk_create(
        Occurrence(organization=org, step=send, number=n, due=due, baseline_due=due) for n in range(4, 60)
    )
    assert queries() == few


STEP_LETTERS = "/o/acme/steps/service/care/letters/"
STEP_KIT = "/o/acme/steps/visibility/media/kit/"


def test_an_at_risk_step_shows_its_forecast_what_pushes_it_out_and_what_could_help(owner_client, org):
    # Given Alice with more work than hours: the high-priority press kit pushes the letters out
    overload_alice(org)
    review = {i.ref: i for i in build_review(org, timezone.now()).items}

    text = html(english(owner_client).get(STEP_LETTERS))

    # The occurrence: forecast start -> finish, after its due, and the review's at-risk status
    row = text.split("data-occurrence=", 1)[1].split("</tr>", 1)[0]
    assert 'data-status="at_risk"' in row and "at risk" in row
    assert review["service/care/letters"].forecast_finish.strftime("%-d %b %Y %H:%M") in row
    assert "after the due date" in row and "→" in row
    # Why: the more urgent work of the same person, linked
    why = text.split('id="forecast-title"', 1)[1].split("</section>", 1)[0]
    assert "Alice Nguyen is forecast to finish it" in why
    assert f'href="{STEP_KIT}"' in why and "Prepare the press kit" in why and "high" in why
    # What could help, with its measured effect and an apply form that comes back here
    helps = text.split('id="suggestions-title"', 1)[1].split("</section>", 1)[0]
    assert "Reassign “Answer customer letters” to Bob Tran" in helps
    assert 'data-effect="late">1 → <strong>0</strong>' in helps
    assert f'name="next" value="{STEP_LETTERS}"' in helps and 'name="reason"' in helps


def test_vietnamese_forecast_on_the_step_page(owner_client, org):
    overload_alice(org)
    text = html(owner_client.get(STEP_LETTERS))
    assert "có nguy cơ trễ" in text and "Vì sao có thể xong trễ" in text and "Dự báo" in text
    assert "Điều chỉnh có thể giúp" in text and "Áp dụng thay đổi này" in text


def test_applying_from_the_step_page_comes_back_to_it_with_the_change_in_the_history(owner_client, org):
    overload_alice(org)
    text = html(english(owner_client).get(STEP_LETTERS))
    suggestion = text.split('data-suggestion="', 1)[1].split('"', 1)[0]
    as_of = text.split('name="as_of" value="', 1)[1].split('"', 1)[0]

    response = owner_client.post(
        f"/o/acme/workload/suggestions/{suggestion}/apply",
        {"reason": "Bob has room", "as_of": as_of, "next": STEP_LETTERS},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == STEP_LETTERS
    text = html(response)
    assert "Applied: Reassign" in text
    assert 'data-status="at_risk"' not in text and 'id="forecast-title"' not in text
    history = text.split('<table class="history">', 1)[1]
    assert "reassigned" in history and "Bob has room" in history


def test_a_step_on_time_shows_its_forecast_and_no_warning(owner_client, org):
    overload_alice(org)
    text = html(english(owner_client).get(STEP_KIT))
    assert 'data-status="on_track"' in text and "data-forecast-finish" in text
    assert 'id="forecast-title"' not in text and "after the due date" not in text


def test_a_member_sees_the_suggestions_without_a_form(member_client, org):
    overload_alice(org)
    text = html(member_client.get(STEP_LETTERS))
    assert "data-suggestion=" in text and 'name="reason"' not in text
