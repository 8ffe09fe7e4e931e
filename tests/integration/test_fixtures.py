"""The shared fixtures build what their docstrings promise."""

from actionplan.planning.models import Occurrence


def test_org_fixture(org, outsider):
    assert org.key == "acme"
    assert set(org.parties.values_list("key", flat=True)) == {"alice", "bob", "marketing", "writer"}
    assert Occurrence.objects.filter(organization=org).count() == 5
    assert Occurrence.objects.filter(organization=org, completed_at__isnull=False).count() == 1
    assert not outsider.memberships.filter(organization=org).exists()


def test_owner_client_is_logged_in(owner_client):
    assert "_auth_user_id" in owner_client.session
