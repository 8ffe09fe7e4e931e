"""A fixed "now" for tests whose plan lies in the future (acme's is in 2027): completions and
check-ins may be backdated but not put in the future, so such tests move the clock instead."""

from __future__ import annotations

from datetime import UTC, datetime


def freeze_now(monkeypatch, moment: datetime) -> datetime:
    """`django.utils.timezone.now()` returns `moment` (aware) for the rest of the test."""
    fixed = moment.astimezone(UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: fixed)
    return fixed
