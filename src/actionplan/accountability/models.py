"""Decisions on occurrences (keep, reschedule, reassign, reprioritise, outsource, split, drop) and
quality ratings of done work. The workflows are `accountability.decisions.decide` and `rate`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import Occurrence, Priority


class Decision(models.Model):
    """What a reviewer decided about one occurrence, and why (the reason is required).

    The parameters of the decision are fields: `due` (reschedule), `party` (reassign, outsource),
    `priority` (reprioritise), `split_title` / `split_effort_hours` / `split_step` (split). `ref`
    keeps the occurrence's reference even if a later import deletes the occurrence. A review
    meeting links its decisions (`review`, null for a decision made outside a meeting).
    """

    class Kind(models.TextChoices):
        KEEP = "keep", _("keep")
        RESCHEDULE = "reschedule", _("reschedule")
        REASSIGN = "reassign", _("reassign")
        REPRIORITISE = "reprioritise", _("reprioritise")
        OUTSOURCE = "outsource", _("outsource")
        SPLIT = "split", _("split")
        DROP = "drop", _("drop")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="decisions")
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    ref = models.CharField(_("reference"), max_length=300)
    kind = models.CharField(_("decision"), max_length=12, choices=Kind.choices)
    due = models.DateTimeField(_("new due"), null=True, blank=True)
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person, team or vendor"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    split_title = models.CharField(_("title of the second part"), max_length=300, blank=True)
    split_effort_hours = models.DecimalField(
        _("effort of the second part (hours)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    split_step = models.ForeignKey(
        "planning.Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), db_index=True)
    source = models.CharField(_("source"), max_length=20)  # web, cli, review
    review = models.ForeignKey(
        "accountability.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("review"),
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="decision_has_reason"),
            models.CheckConstraint(
                condition=Q(
                    kind__in=["keep", "reschedule", "reassign", "reprioritise", "outsource", "split", "drop"]
                ),
                name="decision_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref}"


class Rating(models.Model):
    """The quality of one done occurrence on the 5-level scale (kém, yếu, đạt, tốt, xuất sắc).

    One current rating per occurrence: rating again replaces it; the history keeps the old level.
    """

    class Level(models.IntegerChoices):
        POOR = 1, _("poor")
        WEAK = 2, _("weak")
        FAIR = 3, _("fair")
        GOOD = 4, _("good")
        EXCELLENT = 5, _("excellent")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="ratings")
    occurrence = models.OneToOneField(Occurrence, on_delete=models.CASCADE, related_name="rating")
    level = models.PositiveSmallIntegerField(_("quality"), choices=Level.choices)
    note = models.TextField(_("note"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rated by"),
    )
    rated_at = models.DateTimeField(_("rated at"))
    review = models.ForeignKey(
        "accountability.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
        verbose_name=_("review"),
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence}: {self.level}"


class Review(models.Model):
    """A dated review meeting (xem xét, đánh giá) over the organization, one strategy, one team or
    one person: when it was held, by whom, its notes; its decisions and ratings link to it.

    A review is saved once, whole, by `accountability.reviews.hold_review` (closed: its minutes
    are read later, never edited). `previous` is the last earlier review of the same scope: the
    agenda counts "since" its date.
    """

    class Scope(models.TextChoices):
        ORGANIZATION = "org", _("organization")
        STRATEGY = "strategy", _("strategy")
        TEAM = "team", _("team")
        PERSON = "person", _("person")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reviews")
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.ORGANIZATION)
    strategy = models.ForeignKey(
        "planning.Strategy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("strategy"),
    )
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team or person"),
    )
    scope_key = models.CharField(_("scope id"), max_length=100, blank=True)  # kept if deleted
    held_at = models.DateTimeField(_("held at"), db_index=True)
    since = models.DateTimeField(_("since"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous review"),
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("held by"),
    )
    held_by_name = models.CharField(_("held by"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    closed = models.BooleanField(_("closed"), default=True)
    agenda = models.JSONField(_("agenda"), default=dict, blank=True)  # the agenda as it was held

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["org", "strategy", "team", "person"]), name="review_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.scope} {self.scope_key} {self.held_at:%Y-%m-%d}"
