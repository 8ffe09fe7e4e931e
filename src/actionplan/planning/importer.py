"""Import a plan file: the file is the truth for its organization.

`import_plan_file` loads and resolves the file (any mistake -> PlanFileError, nothing written), then
upserts every row of the organization in one transaction: rows are matched by their keys (the
file's `id`s), updated when a field differs, created when new, and deleted when the file no longer
has them. Importing the same file twice writes nothing the second time.

Occurrences (one per due date of a step):
- `due` is the resolved due; `baseline_due` is set when the occurrence is created and kept, so a
  rescheduled step shows its slippage. An occurrence that stays done keeps its due: moving a start
  or editing a time frame moves open occurrences only.
- `completed_at` follows the file's `done`: an occurrence done in the database but not in the file
  is open again afterwards (reported in `ImportResult.reopened`, recorded as a "reopened" change).
- A recurring step keeps occurrences 1..n; open ones beyond n are deleted, done ones are kept
  (reported in `ImportResult.kept`).
- A per-occurrence reassignment (`Occurrence.responsible`) is not part of the file and is kept.

Performance: each table is read once per import, compared in Python, and written with
bulk_create / bulk_update, so the number of queries does not grow with the number of rows.

The work is in two steps, each in its own module: `import_rows.Rows` checks the plan into the rows
the database should hold (pure, every mistake located, nothing written), then
`import_writer.Writer` makes the organization's tables match them inside the transaction held here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from actionplan.core import planresolve
from actionplan.core.planfile_model import PlanError
from actionplan.planning.import_rows import Rows
from actionplan.planning.import_writer import Writer

TYPES = (
    "organization",
    "party",
    "strategy",
    "goal",
    "measurement",
    "action_plan",
    "step",
    "dependency",
    "service_standard",
    "occurrence",
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ImportResult:
    organization: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    warnings: list[PlanError] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)  # done in the database, not in the file: open again
    kept: list[str] = field(default_factory=list)  # done occurrences beyond a step's count: kept

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())


def import_plan_file(
    data: bytes | str, filename: str = "<plan>", *, dry_run: bool = False, user: Any = None
) -> ImportResult:
    """Load, resolve and import a plan file; raises PlanFileError (nothing written) on any mistake."""
    from actionplan.core import planfile

    plan = planfile.load(data, filename)
    resolved = planresolve.resolve_plan(plan)
    return import_plan(plan, resolved, filename=filename, dry_run=dry_run, user=user)


def import_plan(
    plan: Any, resolved: Any, *, filename: str = "<plan>", dry_run: bool = False, user: Any = None
) -> ImportResult:
    """Import an already loaded and resolved plan (see `import_plan_file`)."""
    rows = Rows(plan, resolved, filename)  # pure: builds and checks every row, raises PlanFileError
    result = ImportResult(
        organization=plan.organization.id, dry_run=dry_run, warnings=list(resolved.warnings)
    )
    with transaction.atomic():
        Writer(rows, result, user).run()
        if dry_run:
            transaction.set_rollback(True)
    return result
