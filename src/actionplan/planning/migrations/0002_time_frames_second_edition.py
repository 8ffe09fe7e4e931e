"""Time frames, second edition: a cardinal Vietnamese `tháng N` / `quý N` is now the calendar's
month or quarter (`tháng 3` is March), where it used to be the plan's. Stored phrases written for
the first edition are rewritten with the ordinal (`cuối tháng 1` -> `cuối tháng thứ 1`), which
both editions read as the plan's period, so a step's dates do not change the next time its time
frame is resolved (an edit, a moved start, a re-import of the exported plan).

Self-contained on purpose, as data migrations are: the rule is frozen as it was on 2026-12-01.
"""

import re

from django.db import migrations

_NUMBER = (
    r"\d+|mười\s+một|mười\s+hai|muoi\s+mot|muoi\s+hai|mười|muoi|một|mot|hai|ba|bốn|bon|tư|tu|năm|nam"
    r"|sáu|bảy|bay|bẩy|tám|tam|chín|chin"
)
# "tháng 1", "quý hai", "thang 3" (not "tháng thứ 3", not "tháng sau", which was a misreading).
_CARDINAL_PERIOD = re.compile(rf"\b(tháng|quý|thang|quy)(\s+)(?=(?:{_NUMBER})\b)", re.IGNORECASE)
_THU = {"tháng": "thứ", "quý": "thứ", "thang": "thu", "quy": "thu"}


def ordinal_plan_periods(phrase: str) -> str:
    """`cuối tuần 2 của tháng 1` -> `cuối tuần 2 của tháng thứ 1`; any other phrase unchanged."""
    return _CARDINAL_PERIOD.sub(lambda m: f"{m[1]}{m[2]}{_THU[m[1].lower()]} ", phrase)


FIELDS = {
    "Strategy": ("horizon_phrase",),
    "Goal": ("due_phrase",),
    "Step": ("due_phrase", "until_phrase"),
}


def rewrite(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("planning", model_name)
        for row in model.objects.only("pk", *fields).iterator():
            changed = {f: ordinal_plan_periods(getattr(row, f)) for f in fields if getattr(row, f)}
            changed = {f: v for f, v in changed.items() if v != getattr(row, f)}
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True)]
