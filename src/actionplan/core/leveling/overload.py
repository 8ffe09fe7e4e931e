"""Who is over capacity, when, and with which strategies: in words an owner reads at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from actionplan.core.leveling.demand import week_table
from actionplan.core.leveling.model import Forecast, Overload, Situation
from actionplan.core.messages import N_, Message


def overloads(situation: Situation, forecast: Forecast) -> tuple[Overload, ...]:
    """One Overload per person with at least one week whose demand exceeds their capacity."""
    table = week_table(situation, forecast)
    found = []
    plan_order = list(dict.fromkeys(w.strategy for w in situation.work))
    for p in situation.people:
        weeks = []
        percent = 0
        strategies: set[str] = set()
        for k, hours in sorted(table.demand.get(p.id, {}).items()):
            capacity = table.capacity(p.id, k)
            if hours <= capacity + 0.005:
                continue
            weeks.append(table.line.label(k))
            strategies |= table.carried[p.id][k]
            if capacity > 0:
                percent = max(percent, round(100 * hours / capacity))
        if weeks:
            order = [s for s in plan_order if s in strategies]
            found.append(
                Overload(
                    party=p.id,
                    name=p.name,
                    weeks=tuple(weeks),
                    percent=percent,
                    strategies=tuple(order),
                    strategy_titles=tuple(situation.strategy_titles.get(s, s) for s in order),
                )
            )
    return tuple(found)


@dataclass(frozen=True)
class WeekSpan:
    """ISO weeks "2027-W03".."2027-W06" written "weeks 3–6" (tuần 3–6); the year only if they span two."""

    weeks: tuple[str, ...]

    def localize(self, lang: str) -> str:
        years = {w[:4] for w in self.weeks}
        numbers = [(w[:4], int(w[6:])) for w in self.weeks]
        runs: list[list[tuple[str, int]]] = []
        for y, n in numbers:
            if runs and runs[-1][-1][0] == y and runs[-1][-1][1] + 1 == n:
                runs[-1].append((y, n))
            else:
                runs.append([(y, n)])

        def name(y: str, n: int) -> str:
            return f"{n}/{y}" if len(years) > 1 else str(n)

        parts = [name(*run[0]) if len(run) == 1 else f"{name(*run[0])}–{name(*run[-1])}" for run in runs]
        word = (
            ("tuần" if lang == "vi" else "week")
            if len(self.weeks) == 1
            else ("tuần" if lang == "vi" else "weeks")
        )
        return f"{word} {', '.join(parts)}"


def overload_summary(overload: Overload) -> Message:
    """ "Lan: truyền thông + dịch vụ khách hàng, 150 % of capacity in weeks 3–6"."""
    return Message(
        N_("%(name)s: %(strategies)s, %(percent)s %% of capacity in %(weeks)s"),
        {
            "name": overload.name,
            "strategies": " + ".join(overload.strategy_titles),
            "percent": overload.percent,
            "weeks": WeekSpan(overload.weeks),
        },
    )
