"""Properties of plan file v1 over generated valid plans (strategies.plan_files)."""

from hypothesis import HealthCheck, given, settings
from strategies import plan_files

from actionplan.core import planfile, planresolve

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plan_files())
def test_load_of_dump_is_the_plan(plan):
    text = planfile.dump(plan)
    assert planfile.load(text, "generated.yaml") == plan


@SETTINGS
@given(plan_files())
def test_dump_is_stable_through_a_round_trip(plan):
    text = planfile.dump(plan)
    assert planfile.dump(planfile.load(text)) == text
    assert planfile.dump(plan) == text  # same plan, same bytes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_files())
def test_generated_plans_resolve(plan):
    resolved = planresolve.resolve_plan(plan)
    refs = {ref for ref, *_ in plan.steps()}
    assert set(resolved.due) == refs
    for ref, dues in resolved.due.items():
        assert dues and all(d.tzinfo is not None for d in dues)
        assert list(dues) == sorted(dues), ref
        assert set(resolved.completed.get(ref, {})) <= set(range(1, len(dues) + 1))
