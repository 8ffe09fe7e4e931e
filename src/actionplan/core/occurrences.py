"""The occurrences of a step after its dues changed: the one reconciliation rule.

A step has occurrences 1..n, each with a due and possibly a completion. When its dues are computed
again (a new time frame, a moved start, a changed recurrence), `reconcile` says what to do:

- occurrence n <= len(dues): open -> its due moves to dues[n-1]; done -> it keeps its due (the due
  it was judged against: a moved start must not turn an on-time completion late);
- occurrence n > len(dues): open -> deleted; done -> kept (a completion is never thrown away);
- a number 1..len(dues) without an occurrence -> created with baseline due = due.

The importer and the editing service both call it; the database work stays theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Reconciliation:
    update: dict[int, datetime] = field(default_factory=dict)  # open occurrence n -> its new due
    create: dict[int, datetime] = field(default_factory=dict)  # new occurrence n -> due (= baseline)
    delete: list[int] = field(default_factory=list)  # open occurrences beyond the new count
    kept: list[int] = field(default_factory=list)  # done occurrences beyond the new count

    @property
    def changed(self) -> bool:
        return bool(self.update or self.create or self.delete)


def reconcile(
    existing: Mapping[int, tuple[datetime, datetime | None]], dues: Sequence[datetime]
) -> Reconciliation:
    """`existing`: occurrence number -> (due, completed_at or None); `dues`: the new dues 1..n."""
    result = Reconciliation()
    for n, due in enumerate(dues, 1):
        have = existing.get(n)
        if have is None:
            result.create[n] = due
        elif have[1] is None and have[0] != due:
            result.update[n] = due
    for n in sorted(existing):
        if n <= len(dues):
            continue
        (result.delete if existing[n][1] is None else result.kept).append(n)
    return result
