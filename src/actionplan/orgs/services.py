"""Logins and organizations: the functions the CLI and the web app call."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError
from actionplan.orgs.models import Membership, Organization

ROLES = tuple(Membership.Role.values)


def orgs_for(user: AbstractBaseUser) -> QuerySet[Organization]:
    """The organizations `user` is a member of, by name."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name", "key")


def resolve_org(org_key: str | None = None) -> Organization:
    """The organization with `org_key`; without a key, the only organization in the database.

    Raises ActionError for an unknown key, an empty database, or several organizations and no key.
    """
    if org_key:
        try:
            return Organization.objects.get(key=org_key)
        except Organization.DoesNotExist:
            raise ActionError(
                Message(
                    N_("unknown organization %(key)s (known: %(known)s)"),
                    {"key": org_key, "known": _known() or "-"},
                )
            ) from None
    orgs = list(Organization.objects.order_by("key")[:2])
    if not orgs:
        raise ActionError(
            Message(N_("no organization yet: import a plan file first (actionplan import FILE)"))
        )
    if len(orgs) > 1:
        raise ActionError(
            Message(N_("several organizations exist, choose one with --org: %(known)s"), {"known": _known()})
        )
    return orgs[0]


def _known() -> str:
    return ", ".join(Organization.objects.order_by("key").values_list("key", flat=True))


def create_user(
    username: str, password: str, org_key: str | None = None, role: str = Membership.Role.OWNER
) -> AbstractBaseUser:
    """Create the login `username` with `role` in the organization (see `resolve_org`).

    An existing user gets the new password and role instead, so the call is idempotent (`make run`
    calls it on every start). Raises ActionError for a bad role, an unknown organization or a
    password that the validators refuse.
    """
    if role not in ROLES:
        raise ActionError(
            Message(
                N_("unknown role %(role)s (use one of %(roles)s)"), {"role": role, "roles": ", ".join(ROLES)}
            )
        )
    username = (username or "").strip()
    if not username:
        raise ActionError(Message(N_("the user name is empty")))
    org = resolve_org(org_key)
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    try:
        validate_password(password, user or User(username=username))
    except ValidationError as exc:
        raise ActionError(
            Message(N_("password refused: %(reasons)s"), {"reasons": " ".join(exc.messages)})
        ) from None
    with transaction.atomic():
        if user is None:
            user = User.objects.create_user(username=username, password=password)
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(user=user, organization=org, defaults={"role": role})
    return user
