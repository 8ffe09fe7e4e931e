"""Login, logout and scoping: every page needs a login and shows only the user's organizations."""

from __future__ import annotations

import pytest
from django.test import Client
from web_helpers import STEP_LIST, TREE, html, occurrence

from actionplan.orgs.models import Membership, Organization

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough test password"


@pytest.mark.parametrize("url", ["/", TREE, STEP_LIST])
def test_pages_require_a_login(client, org, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_mark_done_requires_a_login(client, org):
    occ = occurrence(org, "write")
    response = client.post(f"/o/acme/occurrences/{occ.id}/done")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    occ.refresh_from_db()
    assert occ.completed_at is None


def test_login_page_is_bilingual_and_logs_in(client, org, alice):
    alice.set_password(PASSWORD)
    alice.save()
    # Given the login page in the default language (Vietnamese)
    page = client.get("/login/")
    assert page.status_code == 200
    assert "Đăng nhập" in html(page)
    assert 'name="csrfmiddlewaretoken"' in html(page)

    # When alice logs in
    response = client.post("/login/", {"username": "alice", "password": PASSWORD}, follow=True)

    # Then she lands on her organization's strategy tree
    assert response.redirect_chain[-1][0] == TREE
    assert "Increase media visibility" in html(response)


def test_wrong_password_shows_an_error_not_a_traceback(client, org):
    response = client.post("/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in html(response)


def test_logout_is_a_post(owner_client):
    response = owner_client.post("/logout/")
    assert response.status_code == 302
    assert owner_client.get(TREE).status_code == 302


def test_home_chooses_when_the_user_has_several_organizations(owner_client, alice, org):
    second = Organization.objects.create(key="second", name="Second Shop")
    Membership.objects.create(user=alice, organization=second)
    page = owner_client.get("/")
    assert page.status_code == 200
    assert 'href="/o/acme/"' in html(page) and 'href="/o/second/"' in html(page)


def test_home_without_organization_says_so(db, outsider):
    Membership.objects.filter(user=outsider).delete()
    c = Client()
    c.force_login(outsider)
    page = c.get("/")
    assert page.status_code == 200
    assert "Acme" not in html(page)


@pytest.mark.parametrize("url", [TREE, STEP_LIST, "/o/nope/"])
def test_outsider_gets_404_for_another_organization(outsider_client, org, url):
    assert outsider_client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["done", "reopen"])
def test_outsider_cannot_change_another_organizations_occurrence(outsider_client, org, action):
    occ = occurrence(org, "list")
    before = occ.completed_at
    response = outsider_client.post(f"/o/acme/occurrences/{occ.id}/{action}")
    assert response.status_code == 404
    occ.refresh_from_db()
    assert occ.completed_at == before


def test_an_occurrence_is_found_only_through_its_own_organization(outsider_client, org, other_org):
    # charlie is a member of `other`, but acme's occurrence id under /o/other/ is still not found
    occ = occurrence(org, "write")
    response = outsider_client.post(f"/o/other/occurrences/{occ.id}/done")
    assert response.status_code == 404
    occ.refresh_from_db()
    assert occ.completed_at is None


def test_login_page_in_english_after_switching(client, org):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    text = html(client.get("/login/"))
    assert "Log in" in text and "Password" in text
    assert 'lang="en"' in text


def test_an_htmx_request_after_the_session_ended_sends_the_page_to_login(client, org):
    occ = occurrence(org, "write")
    response = client.post(
        f"/o/acme/occurrences/{occ.id}/done",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/o/acme/",
    )
    assert response["HX-Redirect"] == "/login/?next=/o/acme/"
