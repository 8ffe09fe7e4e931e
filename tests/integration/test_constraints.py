"""The database refuses what the services must never write."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from actionplan.orgs.models import Party
from actionplan.planning.models import Dependency, Step


def test_duplicate_key_in_an_organization(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(organization=org, key="alice", kind="person", name="Another Alice")


def test_same_key_in_another_organization_is_fine(org, other_org):
    Party.objects.create(organization=other_org, key="alice", kind="person", name="Alice elsewhere")
    assert Party.objects.filter(key="alice").count() == 2


def test_dependency_on_itself(org):
    step = Step.objects.get(key="list")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dependency.objects.create(step=step, depends_on=step)


def test_only_teams_have_a_lead(org):
    alice = Party.objects.get(key="alice")
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.filter(key="bob").update(lead=alice)
