"""Organizations and the parties that can be responsible for work: people, teams, vendors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

KEY_MAX = 64


class Organization(models.Model):
    key = models.SlugField(_("id"), max_length=KEY_MAX, unique=True)
    name = models.CharField(_("name"), max_length=200)
    locale = models.CharField(
        _("language"), max_length=5, default="vi", choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Ho_Chi_Minh")
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    # The working calendar, kept in the plan file's own notation so export writes it back verbatim.
    work_week = models.CharField(_("work week"), max_length=40, default="mon-fri")
    hours = models.JSONField(
        _("business hours"), default=dict, blank=True
    )  # {"default": "...", "sat": "..."}
    holidays = models.CharField(_("public holidays"), max_length=10, default="VN", blank=True)
    closed_days = models.JSONField(_("extra closed days"), default=list, blank=True)  # ISO dates
    working_days = models.JSONField(_("extra working days"), default=list, blank=True)  # ISO dates
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    """A person, team (department) or outside vendor: anything a step can be assigned to.

    One table with a kind, because the plan file gives the three one id namespace (`who: lan`) and a
    step's responsible is then a single foreign key: exactly one kind by construction.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        TEAM = "team", _("team")
        VENDOR = "vendor", _("vendor")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="parties")
    key = models.SlugField(_("id"), max_length=KEY_MAX)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)
    # person
    team = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("team"),
    )
    capacity_hours = models.DecimalField(
        _("capacity (hours/week)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rate = models.BigIntegerField(_("hourly rate"), null=True, blank=True)  # minor units
    time_off = models.JSONField(_("time off"), default=list, blank=True)  # [[from, to], ...] ISO dates
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="parties"
    )
    # team
    lead = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads", verbose_name=_("lead")
    )
    # vendor
    vendor_kind = models.CharField(_("vendor kind"), max_length=60, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    fee = models.BigIntegerField(_("fee"), null=True, blank=True)  # minor units

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("person, team or vendor")
        verbose_name_plural = _("people, teams and vendors")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="party_key_unique_in_org"),
            models.CheckConstraint(
                condition=Q(kind__in=["person", "team", "vendor"]), name="party_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="person") | (Q(team__isnull=True) & Q(capacity_hours__isnull=True)),
                name="party_only_people_have_team_and_capacity",
            ),
            models.CheckConstraint(
                condition=Q(kind="team") | Q(lead__isnull=True), name="party_only_teams_have_lead"
            ),
            models.CheckConstraint(
                condition=Q(capacity_hours__isnull=True) | Q(capacity_hours__gte=0),
                name="party_capacity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A login's role in one organization."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MANAGER = "manager", _("manager")
        MEMBER = "member", _("member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"
