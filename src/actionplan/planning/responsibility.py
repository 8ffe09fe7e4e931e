"""Who may record progress on (check in on, mark done, reopen) an occurrence.

The person responsible for it (the login linked to that person), anyone of the responsible team
(its members and its lead), or an owner or manager of the organization. A vendor has no login:
an owner or manager records for it. `user=None` is the operator of the server (the CLI, like
`actionplan import`), trusted as an owner is.

`Actor` is read once per request (one query) so a page can tell, for every row it shows,
whether to offer the forms, without a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from actionplan.orgs.models import Membership, Organization, Party
from actionplan.planning.models import Occurrence

MANAGER_ROLES = frozenset({Membership.Role.OWNER, Membership.Role.MANAGER})


@dataclass(frozen=True)
class Actor:
    """A login in one organization: its role and the parties it answers for."""

    role: str | None  # None: not a member (or the server's operator, see `trusted`)
    parties: frozenset[int]  # its person, that person's team, the teams it leads
    trusted: bool = False  # the CLI: no login, the operator's rights

    @property
    def is_manager(self) -> bool:
        return self.trusted or self.role in MANAGER_ROLES

    def may_update(self, responsible_id: int | None) -> bool:
        """True when this actor may record progress on an occurrence of this responsible party."""
        if self.is_manager:
            return True
        return self.role is not None and responsible_id in self.parties


def actor_for(user: Any, org: Organization) -> Actor:
    """The actor of `user` in `org`; `None` is the CLI's operator.

    One query (the parties it answers for), two when `org` does not carry the user's role already
    (`web.helpers.org_view` annotates it as `user_role`).
    """
    if user is None:
        return Actor(role=None, parties=frozenset(), trusted=True)
    if not getattr(user, "is_authenticated", False):
        return Actor(role=None, parties=frozenset())
    role = getattr(org, "user_role", None)
    if role is None:
        role = Membership.objects.filter(user=user, organization=org).values_list("role", flat=True).first()
    parties: set[int] = set()
    # its person(s) with their team, and the teams its person leads
    mine = Party.objects.filter(organization=org).filter(
        Q(user=user) | Q(kind=Party.Kind.TEAM, lead__user=user)
    )
    for pk, team_id in mine.values_list("pk", "team_id"):
        parties.add(pk)
        if team_id is not None:
            parties.add(team_id)
    return Actor(role=role, parties=frozenset(parties))


def responsible_id(occ: Occurrence) -> int:
    """The party responsible for `occ`: its reassignment, else the step's, else the action plan's."""
    step = occ.step
    return occ.responsible_id or step.responsible_id or step.action_plan.responsible_id


def require_may_update(user: Any, occ: Occurrence, ref: str) -> None:
    """ActionError unless `user` may record progress on `occ` (`ref` names it in the message)."""
    if actor_for(user, occ.organization).may_update(responsible_id(occ)):
        return
    from actionplan.core.messages import N_, Message
    from actionplan.errors import ActionError

    raise ActionError(
        Message(
            N_(
                "%(user)s may not record progress on %(ref)s: only the person responsible for it, "
                "an owner or a manager may"
            ),
            {"user": user.get_username(), "ref": ref},
        )
    )
