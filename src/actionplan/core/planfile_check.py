"""Cross-reference checks of a read plan file: ids, who/owner/lead/team/goal, `after`, cycles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from actionplan.core.messages import N_
from actionplan.core.planfile_model import Location, PlanFile
from actionplan.core.planfile_values import Values

# (step ref depended on, the step whose `after` says so, the index of the entry in its `after`)
Edge = tuple[str, Any, int]


def check(plan: PlanFile, sink: Values) -> None:
    parties = _party_ids(plan, sink)

    def party(ref: str | None, spec: Any, key: str, expect: str | None = None) -> None:
        # Where the reference is written is only looked up for an error: ~5,000 calls a large plan.
        if ref is None:
            return
        kind = parties.get(ref)
        if kind is not None and (expect is None or kind == expect):
            return
        where = spec.where(key)
        if where is None:
            return
        if kind is None:
            sink.error(where, N_("unknown person, team or vendor '%(id)s'"), id=ref)
        elif expect == "person":
            sink.error(where, N_("'%(id)s' is not a person: a person is expected here"), id=ref)
        else:
            sink.error(where, N_("'%(id)s' is not a team: a team is expected here"), id=ref)

    for team in plan.teams:
        party(team.lead, team, "lead", "person")
    for person in plan.people:
        party(person.team, person, "team", "team")

    anyone = {None, *parties}  # a step's who, when nothing is wrong with it
    _unique(sink, plan.strategies, N_("duplicate strategy id '%(id)s'"))
    for strategy in plan.strategies:
        party(strategy.owner, strategy, "owner", "person")
        _unique(sink, strategy.goals, N_("duplicate goal id '%(id)s' in this strategy"))
        _unique(sink, strategy.action_plans, N_("duplicate action plan id '%(id)s' in this strategy"))
        goals = {goal.id for goal in strategy.goals}
        for ap in strategy.action_plans:
            party(ap.responsible, ap, "responsible")
            if ap.goal is not None and ap.goal not in goals:
                sink.error(
                    ap.where("goal"),
                    N_("unknown goal '%(id)s' in strategy '%(strategy)s'"),
                    id=ap.goal,
                    strategy=strategy.id,
                )
            _unique(sink, ap.steps, N_("duplicate step id '%(id)s' in this action plan"))
            _unique(
                sink, ap.service_standards, N_("duplicate service standard id '%(id)s' in this action plan")
            )
            for standard in ap.service_standards:
                party(standard.who, standard, "who")
            whos = {step.who for step in ap.steps}
            if whos <= anyone and (ap.responsible is not None or None not in whos):
                continue  # the usual case, without a look at each step
            for step in ap.steps:
                who = step.who
                if who is None:
                    if ap.responsible is None and step.loc is not None:
                        sink.error(
                            step.loc,
                            N_(
                                "step '%(id)s' has no 'who' and its action plan has no 'responsible': "
                                "say who does it"
                            ),
                            id=step.id,
                        )
                elif who not in parties:  # any kind of party will do; `party` words the error
                    party(who, step, "who")
    _dependencies(plan, sink)


def _party_ids(plan: PlanFile, sink: Values) -> dict[str, str]:
    """Teams, people and vendors share one id namespace, so `who: lan` is never ambiguous."""
    kinds: dict[str, str] = {}
    for kind, items in (("team", plan.teams), ("person", plan.people), ("vendor", plan.vendors)):
        for item in items:
            if not item.id:
                continue
            if item.id in kinds:
                sink.error(
                    item.where("id"),
                    N_("duplicate id '%(id)s': people, teams and vendors share one set of ids"),
                    id=item.id,
                )
            else:
                kinds[item.id] = kind
    return kinds


def _unique(sink: Values, items: Sequence[Any], msgid: str) -> None:
    ids = [item.id for item in items]
    if len(set(ids)) == len(ids):
        return  # the usual case, found without a look at each id
    seen: set[str] = set()
    for item in items:
        if not item.id:
            continue
        if item.id in seen:
            sink.error(item.where("id"), msgid, id=item.id)  # at the second one
        seen.add(item.id)


def _dependencies(plan: PlanFile, sink: Values) -> None:
    """Unknown and repeated `after` entries, then cycles.

    Only the steps with an `after` (a quarter of a large plan) have edges, so the cycles are
    looked for among those; the graph of every step in file order is made only to name them.
    """
    refs: list[str] = []  # of every step, in file order
    dependent: list[tuple[str, str, str, Any]] = []  # (ref, strategy id, plan id, step) with an `after`
    for strategy in plan.strategies:
        for ap in strategy.action_plans:
            prefix = f"{strategy.id}/{ap.id}/"
            plan_refs = [f"{prefix}{step.id}" for step in ap.steps]
            refs += plan_refs
            pairs = zip(plan_refs, ap.steps, strict=True)
            dependent += [(ref, strategy.id, ap.id, step) for ref, step in pairs if step.after]
    # Where each step is in the file (the last of steps with the same ref): when every `after`
    # names a step before its own, no step can come after itself.
    order = {ref: i for i, ref in enumerate(refs)}
    backwards = True
    graph: dict[str, list[Edge]] = {}
    for ref, strategy_id, plan_id, step in dependent:
        edges = graph.setdefault(ref, [])
        here = order[ref]
        seen: set[str] = set()
        for i, written in enumerate(step.after):
            target = absolute_ref(written, strategy_id, plan_id)
            there = order.get(target)
            if there is None:
                sink.error(step.where(f"after.{i}"), N_("unknown step '%(ref)s'"), ref=written)
                continue
            if target in seen:
                sink.error(step.where(f"after.{i}"), N_("'%(ref)s' is listed twice in 'after'"), ref=written)
                continue
            seen.add(target)
            edges.append((target, step, i))
            if there >= here:
                backwards = False
    if backwards or _acyclic(graph):
        return  # the usual case, found without the strongly connected components
    every = {ref: graph.get(ref, []) for ref in refs}
    for cycle, where in _cycles(every):
        if len(cycle) == 2:
            sink.error(where, N_("step '%(ref)s' cannot come after itself"), ref=cycle[0])
        else:
            sink.error(where, N_("dependency cycle: %(path)s"), path=" -> ".join(cycle))


def absolute_ref(written: str, strategy: str, plan: str) -> str:
    """`write` is a sibling, `plan/write` in the same strategy, `strategy/plan/write` anywhere."""
    parts = written.split("/")
    if len(parts) == 1:
        return f"{strategy}/{plan}/{written}"
    if len(parts) == 2:
        return f"{strategy}/{written}"
    return written


def _acyclic(graph: dict[str, list[Edge]]) -> bool:
    """No step comes after itself, however indirectly (Kahn: peel off steps nothing points at).

    `graph` may leave out steps without edges of their own.
    """
    pointed_at = dict.fromkeys(graph, 0)
    for edges in graph.values():
        for target, _, _ in edges:
            pointed_at[target] = pointed_at.get(target, 0) + 1
    free = [node for node, count in pointed_at.items() if count == 0]
    peeled = 0
    while free:
        node = free.pop()
        peeled += 1
        for target, _, _ in graph.get(node, ()):
            pointed_at[target] -= 1
            if pointed_at[target] == 0:
                free.append(target)
    return peeled == len(pointed_at)


def _cycles(graph: dict[str, list[Edge]]) -> list[tuple[list[str], Location | None]]:
    """One cycle per strongly connected component (as a path that returns to its start).

    A component can hold exponentially many cycles; one path per component names every step
    that must change, which is what a person fixing the file needs.
    """
    found = []
    for component in _components(graph):
        members = set(component)
        start = component[0]
        if len(component) == 1 and not any(t == start for t, _, _ in graph.get(start, ())):
            continue
        # Shortest way back to `start`, staying inside the component.
        previous: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in previous:
            following = []
            for node in frontier:
                for target, _, _ in graph.get(node, ()):
                    if target in members and target not in previous:
                        previous[target] = node
                        following.append(target)
            frontier = following
        path = [start]
        node = previous[start]
        while node != start:
            path.append(node)
            node = previous[node]
        path.append(start)
        path.reverse()
        step, i = next((step, i) for target, step, i in graph[start] if target == path[1])
        found.append((path, step.where(f"after.{i}")))
    return found


def _components(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iterative (10,000 steps would overflow recursion).

    Each component lists its members in file order, so reports are stable.
    """
    order = {node: i for i, node in enumerate(graph)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, i = work[-1]
            edges = graph.get(node, ())
            if i < len(edges):
                work[-1] = (node, i + 1)
                target = edges[i][0]
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component, key=order.__getitem__))
    result.sort(key=lambda c: order[c[0]])
    return result
