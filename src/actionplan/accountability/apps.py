from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    """Check-ins, reviews and decisions, ratings, scorecards and the history of changes."""

    name = "actionplan.accountability"
    verbose_name = _("Accountability")
