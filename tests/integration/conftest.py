"""Shared fixtures for the Django and CLI tests: one small organization and three personas.

Personas (Healthchecks style): alice owns `acme`, bob is a member of `acme`, charlie is an outsider
who belongs to another organization `other`. The organization is built directly with the models so
the fixtures do not depend on the importer they help to test.

`acme` (time zone Asia/Ho_Chi_Minh, VND, mon-fri):
  people alice (login "alice", owner, team marketing), bob (login "bob", member); team marketing
  (lead alice); vendor writer.
  strategy `visibility` (start 2027-03-01) -> goal `stories` -> action plan `media` (responsible alice):
    step `list`  one-off, due 2027-03-12 17:00 +07, done 2027-03-11 10:00 +07
    step `write` one-off, who writer, due 2027-03-31 17:00 +07, after list
    step `send`  monthly x3, who marketing, after write, due 2027-03-31 / 04-30 / 05-31 17:00 +07;
                 occurrence #2 reassigned to bob
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from actionplan.orgs.models import Membership, Organization, Party
from actionplan.planning.models import (
    ActionPlan,
    Dependency,
    Goal,
    Measurement,
    Occurrence,
    ServiceStandard,
    Step,
    Strategy,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "correct horse battery staple"


def at(year: int, month: int, day: int, hour: int = 17, minute: int = 0) -> datetime:
    """An aware datetime in acme's zone."""
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests need no costly password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _static_root():
    """WhiteNoise warns on every request when STATIC_ROOT does not exist yet."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def _user(username: str):
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


@pytest.fixture
def alice(db):
    return _user("alice")


@pytest.fixture
def bob(db):
    return _user("bob")


@pytest.fixture
def org(db, alice, bob) -> Organization:
    """The `acme` organization described in the module docstring."""
    acme = Organization.objects.create(
        key="acme",
        name="Acme Bakery",
        locale="vi",
        timezone="Asia/Ho_Chi_Minh",
        currency="VND",
        work_week="mon-fri",
        hours={"default": "08:00-12:00, 13:00-17:00"},
        holidays="VN",
    )
    Membership.objects.create(user=alice, organization=acme, role=Membership.Role.OWNER)
    Membership.objects.create(user=bob, organization=acme, role=Membership.Role.MEMBER)
    marketing = Party.objects.create(
        organization=acme, key="marketing", kind="team", name="Marketing", position=0
    )
    p_alice = Party.objects.create(
        organization=acme,
        key="alice",
        kind="person",
        name="Alice Nguyen",
        email="alice@example.com",
        team=marketing,
        capacity_hours=Decimal("40"),
        user=alice,
        position=1,
    )
    p_bob = Party.objects.create(
        organization=acme,
        key="bob",
        kind="person",
        name="Bob Tran",
        capacity_hours=Decimal("40"),
        user=bob,
        position=2,
    )
    marketing.lead = p_alice
    marketing.save(update_fields=["lead"])
    writer = Party.objects.create(
        organization=acme,
        key="writer",
        kind="vendor",
        name="Freelance writer",
        vendor_kind="writer",
        position=3,
    )
    strategy = Strategy.objects.create(
        organization=acme,
        key="visibility",
        title="Increase media visibility",
        start=date(2027, 3, 1),
        owner=p_alice,
    )
    goal = Goal.objects.create(
        strategy=strategy, key="stories", title="At least two news stories", metric="news stories", target=2
    )
    plan = ActionPlan.objects.create(
        organization=acme, strategy=strategy, key="media", title="Media plan", goal=goal, responsible=p_alice
    )
    s_list = Step.objects.create(
        organization=acme,
        action_plan=plan,
        key="list",
        title="Develop the media list",
        due_phrase="end of week 2 of month 1",
        effort_hours=Decimal("6"),
        position=0,
    )
    s_write = Step.objects.create(
        organization=acme,
        action_plan=plan,
        key="write",
        title="Write six press releases",
        responsible=writer,
        due_phrase="end of month 1",
        position=1,
    )
    s_send = Step.objects.create(
        organization=acme,
        action_plan=plan,
        key="send",
        title="Distribute one press release",
        responsible=marketing,
        due_phrase="end of month",
        repeat_phrase="monthly",
        times=3,
        position=2,
    )
    Dependency.objects.create(step=s_write, depends_on=s_list)
    Dependency.objects.create(step=s_send, depends_on=s_write)

    def occ(step: Step, number: int, due: datetime, **extra) -> Occurrence:
        return Occurrence.objects.create(
            organization=acme, step=step, number=number, due=due, baseline_due=due, **extra
        )

    occ(s_list, 1, at(2027, 3, 12), completed_at=at(2027, 3, 11, 10))
    occ(s_write, 1, at(2027, 3, 31))
    occ(s_send, 1, at(2027, 3, 31))
    occ(s_send, 2, at(2027, 4, 30), responsible=p_bob)
    occ(s_send, 3, at(2027, 5, 31))
    return acme


@pytest.fixture
def other_org(db) -> Organization:
    """A second organization, `other`, with one person and nothing planned."""
    other = Organization.objects.create(
        key="other", name="Other Co", locale="en", timezone="UTC", holidays=""
    )
    Party.objects.create(organization=other, key="charlie", kind="person", name="Charlie Le")
    return other


@pytest.fixture
def outsider(db, other_org):
    """User "charlie": an owner of `other`, with no access to `acme`."""
    charlie = _user("charlie")
    Membership.objects.create(user=charlie, organization=other_org, role=Membership.Role.OWNER)
    return charlie


@pytest.fixture
def owner_client(client, org, alice):
    """A Django test client logged in as alice, the owner of `acme`."""
    client.force_login(alice)
    return client


@pytest.fixture
def member_client(db, org, bob):
    """A separate Django test client logged in as bob, a member of `acme`."""
    from django.test import Client

    c = Client()
    c.force_login(bob)
    return c


@pytest.fixture
def outsider_client(db, outsider):
    """A separate Django test client logged in as charlie, the outsider."""
    from django.test import Client

    c = Client()
    c.force_login(outsider)
    return c


# --------------------------------------------------------------------------------------------
# Plan files, the CLI runner and database snapshots, for the import/export/CLI tests.

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def demo_text() -> bytes:
    """The Vietnamese demo plan (examples/sao-mai.vi.yaml)."""
    return (EXAMPLES / "sao-mai.vi.yaml").read_bytes()


@pytest.fixture
def cli(db, settings, tmp_path):
    """Run `actionplan ARGS...` in-process; returns the click Result (exit_code, stdout, stderr).

    The data directory (demo password, collected static files) is a temporary folder.
    """
    from typer.testing import CliRunner

    from actionplan.cli import app

    settings.DATA_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    runner = CliRunner()

    def run(*args: str, input: str | None = None):  # noqa: A002 - click's name
        return runner.invoke(app, [str(a) for a in args], input=input, env={"ACTIONPLAN_LANGUAGE": "en"})

    return run


_SNAPSHOT = {
    "party": (Party, "organization", "key kind name email phone position team__key capacity_hours rate "
              "time_off user__username lead__key vendor_kind contact fee"),
    "strategy": (Strategy, "organization", "key title description owner__key start horizon_phrase "
                 "horizon_end budget priority status position"),
    "goal": (Goal, "strategy__organization", "strategy__key key title metric unit baseline direction "
             "target due_phrase due position"),
    "measurement": (Measurement, "goal__strategy__organization", "goal__strategy__key goal__key position "
                    "at value note"),
    "action_plan": (ActionPlan, "organization", "strategy__key key title description goal__key "
                    "responsible__key priority start position"),
    "step": (Step, "organization", "action_plan__strategy__key action_plan__key key title description "
             "responsible__key due_phrase start effort_hours cost priority repeat_phrase times "
             "until_phrase position"),
    "dependency": (Dependency, "step__organization", "step__action_plan__strategy__key "
                   "step__action_plan__key step__key depends_on__action_plan__strategy__key "
                   "depends_on__action_plan__key depends_on__key position"),
    "service_standard": (ServiceStandard, "organization", "action_plan__strategy__key action_plan__key key "
                         "title channel target_phrase responsible__key position"),
    "occurrence": (Occurrence, "organization", "step__action_plan__strategy__key step__action_plan__key "
                   "step__key number due baseline_due completed_at responsible__key"),
}  # fmt: skip


def snapshot(org_key: str) -> str:
    """Every row of the organization, without autoincrement ids, foreign keys by natural key.

    Change records are left out (they record when, not what is).
    """
    org = Organization.objects.get(key=org_key)
    row = Organization.objects.filter(pk=org.pk).values()[0]
    rows: dict[str, list] = {
        "organization": [{k: v for k, v in row.items() if k not in ("id", "created_at")}]
    }
    for name, (model, scope, fields) in _SNAPSHOT.items():
        names = fields.split()
        qs = model.objects.filter(**{scope: org}).order_by(*names[:4])
        rows[name] = [list(r) for r in qs.values_list(*names)]
    return json.dumps(rows, default=str, sort_keys=True, indent=0)
