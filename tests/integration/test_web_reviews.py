"""The review pages: list, new review (agenda + forms, one transaction, errors beside the item),
minutes (print stylesheet, Markdown); owners and managers only; bounded queries at two sizes."""

from __future__ import annotations

import pytest
from clock import freeze_now
from conftest import at
from test_web_workload import _import_generated, _queries

from actionplan.accountability.models import Decision, Rating, Review
from actionplan.planning.actions import find_occurrence
from actionplan.planning.models import ChangeRecord, Occurrence

pytestmark = pytest.mark.django_db
NEW = "/o/acme/reviews/new"
SEND1 = "visibility/media/send#1"
SEND2 = "visibility/media/send#2"
WRITE = "visibility/media/write"


@pytest.fixture
def april(org, monkeypatch, owner_client, member_client, alice, bob):
    """20 April 2027: write done late (2/4), send#1 overdue, send#2 due within two weeks (the
    sessions logged in again, so they have not expired by then)."""
    Occurrence.objects.filter(step__key="write").update(completed_at=at(2027, 4, 2, 17))
    freeze_now(monkeypatch, at(2027, 4, 20, 9))
    owner_client.force_login(alice)
    member_client.force_login(bob)
    return org


def ids(org):
    return {ref: find_occurrence(org, ref).pk for ref in (SEND1, SEND2, WRITE)}


def test_new_review_shows_the_agenda_and_forms(owner_client, april):
    response = owner_client.get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("done_on_time", "done_late", "overdue", "due_next", "at_risk", "blocked", "overloaded"):
        assert f'data-section="{name}"' in html
    n = ids(april)
    assert f'name="d-{n[SEND1]}-kind"' in html and f'name="r-{n[WRITE]}-level"' in html
    assert f'<label for="d-{n[SEND1]}-reason">' in html


def test_submitting_a_review_saves_it_and_shows_the_minutes(owner_client, april):
    n = ids(april)
    response = owner_client.post(
        NEW,
        {
            "scope": "org",
            f"d-{n[SEND1]}-kind": "reschedule",
            f"d-{n[SEND1]}-reason": "printer broken",
            f"d-{n[SEND1]}-due": "2027-04-23",
            f"r-{n[WRITE]}-level": "5",
            f"r-{n[WRITE]}-note": "great",
            "notes": "April review",
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/acme/reviews/{review.pk}/"
    assert Decision.objects.get().review == review and Rating.objects.get().review == review
    assert ChangeRecord.objects.filter(source="review").count() == 2
    page = owner_client.get(response["Location"]).content.decode()
    assert "printer broken" in page and "April review" in page and "data-minutes" in page
    md = owner_client.get(f"/o/acme/reviews/{review.pk}/minutes.md")
    assert md["Content-Type"].startswith("text/markdown") and "printer broken" in md.content.decode()
    listing = owner_client.get("/o/acme/reviews/").content.decode()
    assert f"/o/acme/reviews/{review.pk}/" in listing


def test_one_invalid_decision_saves_nothing_and_shows_the_error_beside_it(owner_client, april, other_org):
    n = ids(april)
    before = list(Occurrence.objects.order_by("pk").values())
    response = owner_client.post(
        NEW,
        {
            "scope": "org",
            f"d-{n[SEND1]}-kind": "reschedule",
            f"d-{n[SEND1]}-reason": "later",
            f"d-{n[SEND1]}-due": "2027-04-23",
            f"d-{n[SEND2]}-kind": "reassign",
            f"d-{n[SEND2]}-reason": "away",
            f"d-{n[SEND2]}-who": "charlie",  # the other organization's person
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="error-{n[SEND2]}"' in html and 'data-error-field="who"' in html
    assert "unknown person, team or vendor charlie" in html or "charlie" in html
    assert 'value="later"' in html  # what was typed stays
    assert (Review.objects.count(), Decision.objects.count(), ChangeRecord.objects.count()) == (0, 0, 0)
    assert list(Occurrence.objects.order_by("pk").values()) == before


def test_members_may_not_and_outsiders_do_not_see_reviews(member_client, outsider, client, april):
    for url in ("/o/acme/reviews/", NEW):
        assert member_client.get(url).status_code == 403
    assert member_client.post(NEW, {"scope": "org", "notes": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.get("/o/acme/reviews/").status_code == 404
    assert Review.objects.count() == 0


def test_an_unknown_scope_or_review_is_not_found(owner_client, april):
    assert owner_client.get(NEW + "?scope=person:nobody").status_code == 404
    assert owner_client.get("/o/acme/reviews/999/").status_code == 404


def test_the_minutes_have_a_print_stylesheet():
    from pathlib import Path

    import actionplan.web

    css = (Path(actionplan.web.__file__).parent / "static/web/app.css").read_text()
    assert "[data-review-form] { display: none" in css.split("/* review meetings */")[1]


# --------------------------------------------------------------------------------------------
# Bounded queries


@pytest.mark.parametrize(
    ("url", "most"),
    [("/o/bench/reviews/new", 12), ("/o/bench/reviews/", 8), ("/o/bench/scorecard/", 10), ("minutes", 9)],
)
def test_review_and_scorecard_pages_run_a_bounded_number_of_queries(owner_client, alice, tmp_path, url, most):
    from actionplan.accountability.reviews import Scope, hold_review
    from actionplan.orgs.models import Organization

    def target():
        if url != "minutes":
            return url
        review = hold_review(Organization.objects.get(key="bench"), Scope(), notes="n", user=alice)
        return f"/o/bench/reviews/{review.pk}/"

    _import_generated(tmp_path, 40, alice)
    small = _queries(owner_client, target())
    _import_generated(tmp_path, 400, alice)
    assert Occurrence.objects.filter(organization__key="bench").count() == 400
    large = _queries(owner_client, target())
    assert large == small, f"{url}: {small} queries with 40 steps, {large} with 400"
    assert small <= most, small


def test_the_review_page_speaks_vietnamese(owner_client, april):
    owner_client.cookies["django_language"] = "vi"
    html = owner_client.get(NEW).content.decode()
    assert "Còn mở và quá hạn" in html and "Lưu buổi xem xét" in html and 'lang="vi"' in html


def test_a_long_section_shows_its_first_items_and_says_how_many(owner_client, april, monkeypatch):
    from actionplan.web import reviews

    monkeypatch.setattr(reviews, "SHOWN", 1)
    Occurrence.objects.filter(step__key="send").update(due=at(2027, 4, 10))  # three overdue
    html = owner_client.get(NEW).content.decode()
    assert "Còn mở và quá hạn (3)" in html and "data-more" in html  # acme's pages are in Vietnamese
    assert html.count('name="d-') == 6  # one decision form (six fields): the first overdue item
