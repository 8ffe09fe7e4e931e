"""Strategies, goals, action plans, steps and their occurrences, and the record of changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actionplan.orgs.models import KEY_MAX, Organization, Party


class Priority(models.IntegerChoices):
    LOW = 1, _("low")
    NORMAL = 2, _("normal")
    HIGH = 3, _("high")
    CRITICAL = 4, _("critical")


class Strategy(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="strategies")
    key = models.SlugField(_("id"), max_length=KEY_MAX)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("start"))
    horizon_phrase = models.CharField(_("horizon"), max_length=200, blank=True)
    horizon_end = models.DateTimeField(_("horizon end"), null=True, blank=True)
    budget = models.BigIntegerField(_("budget"), null=True, blank=True)  # minor units
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="strategy_key_unique_in_org"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="strategy_budget_ok"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals")
    key = models.SlugField(_("id"), max_length=KEY_MAX)
    title = models.CharField(_("title"), max_length=300)
    metric = models.CharField(_("metric"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    due_phrase = models.CharField(_("time frame"), max_length=200, blank=True)
    due = models.DateTimeField(_("due"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "key"], name="goal_key_unique_in_strategy")
        ]

    def __str__(self) -> str:
        return self.title


class Measurement(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    at = models.DateTimeField(_("measured at"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "position"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.goal}: {self.value} @ {self.at:%Y-%m-%d}"


class ActionPlan(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="action_plans")
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="action_plans")
    key = models.SlugField(_("id"), max_length=KEY_MAX)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_plans"
    )
    responsible = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="action_plans")
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    start = models.DateField(_("start"), null=True, blank=True)  # else the strategy's
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "key"], name="plan_key_unique_in_strategy")
        ]

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="steps")
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(_("id"), max_length=KEY_MAX)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(  # null: the action plan's responsible
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="steps"
    )
    due_phrase = models.CharField(_("time frame"), max_length=200, blank=True)
    start = models.DateField(_("earliest start"), null=True, blank=True)
    effort_hours = models.DecimalField(
        _("effort (hours)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost = models.BigIntegerField(_("planned cost"), null=True, blank=True)  # minor units
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    # A vendor's time from ready to delivered, as written ("5 business days"); read with
    # actionplan.core.planfile_values.lead_time_days.
    lead_time_phrase = models.CharField(_("lead time"), max_length=60, blank=True)
    repeat_phrase = models.CharField(_("repeat"), max_length=100, blank=True)
    times = models.PositiveIntegerField(_("times"), null=True, blank=True)
    until_phrase = models.CharField(_("until"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    depends_on = models.ManyToManyField(
        "self", through="Dependency", symmetrical=False, related_name="dependents", blank=True
    )

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "key"], name="step_key_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(times__isnull=True) | Q(times__gte=1), name="step_times_positive"
            ),
            models.CheckConstraint(
                condition=Q(effort_hours__isnull=True) | Q(effort_hours__gte=0),
                name="step_effort_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0), name="step_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return bool(self.repeat_phrase)


class Dependency(models.Model):
    """`step` can start only after `depends_on` is done. Cycles are refused by the import service."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="dependency_links")
    depends_on = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="dependent_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["step", "depends_on"], name="dependency_unique"),
            models.CheckConstraint(condition=~Q(step=F("depends_on")), name="dependency_not_on_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.step} after {self.depends_on}"


class Occurrence(models.Model):
    """One dated instance of a step: a one-off step has one, a recurring step one per period."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="occurrences")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="occurrences")
    number = models.PositiveIntegerField(_("occurrence"))  # 1-based, in due order
    due = models.DateTimeField(_("due"), db_index=True)
    baseline_due = models.DateTimeField(_("baseline due date"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Who marked it done, and when that was recorded (completed_at may be backdated).
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completion_recorded_at = models.DateTimeField(_("completion recorded at"), null=True, blank=True)
    responsible = models.ForeignKey(  # a reassignment of this occurrence only
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="reassigned_occurrences"
    )
    # Dropped by a decision (accountability.decisions): it leaves the review, the forecast and the
    # scorecards (`planning.forecasting.occurrence_rows`); the row and its history stay.
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True)
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)

    class Meta:
        ordering = ["step", "number"]
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        constraints = [
            models.UniqueConstraint(fields=["step", "number"], name="occurrence_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="occurrence_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.step} #{self.number}"


class ServiceStandard(models.Model):
    """A response-time target per channel: "answer every email within 4 business hours"."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone")
        LETTER = "letter", _("letter")
        CHAT = "chat", _("chat")
        VISIT = "visit", _("visit")
        OTHER = "other", _("other")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="service_standards")
    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="service_standards")
    key = models.SlugField(_("id"), max_length=KEY_MAX)
    title = models.CharField(_("title"), max_length=300)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target_phrase = models.CharField(_("target"), max_length=200)
    responsible = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "key"], name="standard_key_unique_in_plan")
        ]

    def __str__(self) -> str:
        return self.title


class CheckIn(models.Model):
    """A progress update on one occurrence (`accountability.checkins.check_in` records them).

    `at` is the moment it speaks for (may be backdated), `recorded_at` when it was entered. Each
    check-in carries the occurrence's blocked state from then on: the latest one's is the
    occurrence's (a check-in that says nothing about it keeps the previous state).
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="check_ins")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("at"))
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    blocked = models.BooleanField(_("blocked"), default=False)
    blocked_reason = models.TextField(_("why it is blocked"), blank=True)

    class Meta:
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100), name="checkin_percent_max_100"
            ),
            models.CheckConstraint(
                condition=Q(blocked=False, blocked_reason="") | (Q(blocked=True) & ~Q(blocked_reason="")),
                name="checkin_blocked_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence} @ {self.at:%Y-%m-%d %H:%M}"


class HistoryIsReadOnly(Exception):
    """A change record was about to be changed or deleted: history is written once, never edited."""


class ChangeRecordQuerySet(models.QuerySet):
    """Change records are inserted (create, bulk_create) and read; `update` and `delete` refuse.

    Deleting an organization still removes its records, and deleting a login still clears their
    `user`: Django's cascade writes those itself, not through these methods.
    """

    def update(self, **kwargs: object) -> int:
        raise HistoryIsReadOnly("change records cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryIsReadOnly("change records cannot be deleted")

    def bulk_update(self, objs: object, fields: object, batch_size: int | None = None) -> int:
        raise HistoryIsReadOnly("change records cannot be changed")


class ChangeRecord(models.Model):
    """Who changed what, when and why: the history of strategies, goals, plans, steps, their
    occurrences, and people, teams and vendors (accountability.history reads it).

    A record is written once: saving one that exists, or deleting one, raises HistoryIsReadOnly.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("at"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(_("source"), max_length=20)  # import, web, cli
    # created, updated, deleted, completed, reopened, rescheduled, reassigned
    action = models.CharField(_("action"), max_length=20)
    object_type = models.CharField(
        _("object"), max_length=20
    )  # strategy, goal, action_plan, step, occurrence, party
    object_ref = models.CharField(_("reference"), max_length=300, db_index=True)  # strategy/plan/step#n
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {field: [old, new]}
    reason = models.TextField(_("reason"), blank=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.action} {self.object_ref}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise HistoryIsReadOnly("change records cannot be changed")
        kwargs["force_insert"] = True  # never an UPDATE, even with a primary key set by hand
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise HistoryIsReadOnly("change records cannot be deleted")
