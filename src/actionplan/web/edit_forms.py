"""The forms that change plans (a step, a start date) and what their pages show.

The forms only read the values (text, numbers, dates, effort); every rule is the editing
service's (`planning.editing`), whose field errors come back onto the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actionplan.core import timeframe
from actionplan.core.planfile_values import parse_date, parse_effort
from actionplan.orgs.models import Organization, Party
from actionplan.planning import editing
from actionplan.planning.models import Priority, Step

TIME_FRAME_FIELDS = ("due_phrase", "repeat_phrase", "times", "until_phrase")
_KIND_GROUPS = (
    (Party.Kind.PERSON, _("People")),
    (Party.Kind.TEAM, _("Teams")),
    (Party.Kind.VENDOR, _("Vendors")),
)


def _lang() -> str:
    from django.utils.translation import get_language

    return "vi" if (get_language() or "vi").startswith("vi") else "en"


def accepted_forms(kind: str) -> str:
    """A few canonical phrases of one kind ("due", "repeat") in the page's language."""
    return "; ".join(timeframe.help_examples(_lang(), kind))


class StepForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = forms.ChoiceField(label=_("Who"), required=False)
    due_phrase = forms.CharField(label=_("Time frame"), required=False, max_length=200)
    repeat_phrase = forms.CharField(label=_("Repeat"), required=False, max_length=100)
    times = forms.IntegerField(label=_("Times"), required=False)
    until_phrase = forms.CharField(label=_("Until"), required=False, max_length=200)
    effort_hours = forms.CharField(label=_("Effort"), required=False, max_length=40)
    priority = forms.TypedChoiceField(label=_("Priority"), coerce=int, choices=Priority.choices)
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, step: Step, parties: list[Party], **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.parties = {p.key: p for p in parties}
        plan_who = step.action_plan.responsible
        groups: list = [("", gettext("The action plan's responsible (%(name)s)") % {"name": plan_who.name})]
        for kind, label in _KIND_GROUPS:
            members = [(p.key, p.name) for p in parties if p.kind == kind]
            if members:
                groups.append((str(label), members))
        self.fields["responsible"].choices = groups
        self.fields["due_phrase"].help_text = _("For example: %(forms)s") % {"forms": accepted_forms("due")}
        self.fields["repeat_phrase"].help_text = _(
            "Leave empty for a one-off step. For example: %(forms)s"
        ) % {"forms": accepted_forms("repeat")}
        self.fields["times"].help_text = _("How many times it repeats (1 to %(max)s).") % {
            "max": editing.MAX_TIMES
        }
        self.fields["until_phrase"].help_text = _("A repeating step can end at a date instead.")
        self.fields["effort_hours"].help_text = _("Hours, or for example 6h or 2d (a day is 8 hours).")
        self.fields["reason"].help_text = _("Kept in the step's history.")
        for name in TIME_FRAME_FIELDS:
            self.fields[name].widget.attrs["class"] = "tf-input"

    @classmethod
    def initial_for(cls, step: Step) -> dict:
        return {
            "title": step.title,
            "description": step.description,
            "responsible": step.responsible.key if step.responsible else "",
            "due_phrase": step.due_phrase,
            "repeat_phrase": step.repeat_phrase,
            "times": step.times,
            "until_phrase": step.until_phrase,
            "effort_hours": "" if step.effort_hours is None else f"{step.effort_hours.normalize():f}",
            "priority": step.priority,
        }

    def clean_responsible(self) -> Party | None:
        key = self.cleaned_data.get("responsible") or ""
        return self.parties.get(key)

    def clean_effort_hours(self):
        text = (self.cleaned_data.get("effort_hours") or "").strip()
        if not text:
            return None
        amount = parse_effort(text)
        if amount is None:
            raise forms.ValidationError(gettext("Write the effort in hours, or like 6h or 2d."))
        return amount

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in editing.STEP_FIELDS}


class StartForm(forms.Form):
    start = forms.CharField(label=_("Start"), required=False, max_length=20)
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        self.fields["start"].widget.attrs["placeholder"] = "2027-03-15"
        self.fields["start"].help_text = (
            _("A date like 2027-03-15 or 15/03/2027.")
            if required
            else _("A date like 2027-03-15 or 15/03/2027; empty: the strategy's start.")
        )

    def clean_start(self) -> date | None:
        text = (self.cleaned_data.get("start") or "").strip()
        if not text:
            if self.required:
                raise forms.ValidationError(gettext("A strategy needs a start date."))
            return None
        day = parse_date(text)
        if day is None:
            raise forms.ValidationError(gettext("Write a date like 2027-03-15 or 15/03/2027."))
        return day


def add_service_errors(form: forms.Form, error: editing.FormError) -> None:
    """The service's per-field messages, translated, on the form (others on the form itself)."""
    for name, messages in error.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message.render(gettext))


@dataclass
class PreviewView:
    dues: list[datetime]
    more: int
    warnings: list[str]
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field label, message)
    reading: str = ""  # how the phrase was read, so the reader sees which reading was taken


PREVIEW_LIMIT = 24


def preview(step: Step, data) -> PreviewView:
    """The time-frame preview of the edit page, from the GET (or POST) values."""
    result = editing.preview_step_dues(
        step,
        due_phrase=data.get("due_phrase"),
        repeat_phrase=data.get("repeat_phrase"),
        times=(data.get("times") or "").strip() or None,
        until_phrase=data.get("until_phrase"),
    )
    labels = {name: StepForm.base_fields[name].label for name in TIME_FRAME_FIELDS}
    return PreviewView(
        dues=list(result.dues[:PREVIEW_LIMIT]),
        more=max(0, len(result.dues) - PREVIEW_LIMIT),
        warnings=[w.render(gettext) for w in result.warnings],
        reading=result.reading.render(gettext) if result.reading is not None else "",
        errors=[
            (str(labels.get(name, name)), m.render(gettext)) for name, ms in result.errors.items() for m in ms
        ],
    )


def step_form_parties(org: Organization) -> list[Party]:
    return list(Party.objects.filter(organization=org).order_by("position", "key"))
