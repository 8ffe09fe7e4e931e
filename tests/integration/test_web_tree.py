"""The strategy tree page: what, who, when and status of every step, in the org's zone."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from web_helpers import TREE, add_step, html, overload_alice, shown_statuses

from actionplan.planning.models import ActionPlan, Occurrence, ServiceStandard, Step
from actionplan.planning.review import build_review

pytestmark = pytest.mark.django_db
_SUMMARY = re.compile(r'data-summary="(\w+)">\s*<span class="summary__count">(\d+)</span>')


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": TREE})
    return client


def test_tree_shows_strategy_goal_plan_and_steps(owner_client, org):
    page = english(owner_client).get(TREE)
    text = html(page)
    assert page.status_code == 200
    for expected in [
        "Increase media visibility",  # strategy
        "At least two news stories",  # goal
        "news stories ≥ 2",  # goal metric and target
        "Media plan",  # action plan
        "Develop the media list",  # steps: what
        "Write six press releases",
        "Distribute one press release",
        "Freelance writer",  # who, with the kind of party
        "vendor",
        "end of week 2 of month 1",  # when: the phrase as written
        "0/3 done",  # the recurring step's progress
        "done on time",  # status text, not colour alone
    ]:
        assert expected in text, expected
    assert 'href="/o/acme/steps/visibility/media/list/"' in text


def test_vietnamese_by_default_with_the_glossary_words(owner_client, org):
    add_step(org, "late", "A late step", timezone.now() - timedelta(days=3))
    text = html(owner_client.get(TREE))
    for expected in [
        "Chiến lược",
        "Kế hoạch hành động",
        "Mục tiêu",
        "quá hạn",
        "hoàn thành đúng hạn",
        "đúng tiến độ",
        "đơn vị thuê ngoài",
        "bộ phận",
        "Đánh dấu hoàn thành",
    ]:
        assert expected in text, expected


def test_english_after_switching_language(owner_client, org):
    add_step(org, "late", "A late step", timezone.now() - timedelta(days=3))
    response = owner_client.post("/i18n/setlang/", {"language": "en", "next": TREE})
    assert response.status_code == 302 and response["Location"] == TREE
    text = html(owner_client.get(TREE))
    for expected in ["Strategies", "Action plan", "overdue", "done on time", "Mark done"]:
        assert expected in text, expected
    assert "quá hạn" not in text


def test_pages_follow_the_organization_language_until_the_user_switches(owner_client, org, outsider_client):
    # A browser set to English still sees the Vietnamese bakery in Vietnamese...
    text = html(owner_client.get(TREE, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"))
    assert "Chiến lược" in text and "Strategies" not in text
    # ...and an English-speaking organization in English, whatever the browser asks for.
    other = html(outsider_client.get("/o/other/", HTTP_ACCEPT_LANGUAGE="vi"))
    assert "Strategies" in other and "Chiến lược" not in other
    # The user's own choice wins over the organization's.
    owner_client.post("/i18n/setlang/", {"language": "en", "next": TREE})
    assert "Strategies" in html(owner_client.get(TREE, HTTP_ACCEPT_LANGUAGE="vi"))


def test_every_status_shown_is_the_review_status(owner_client, org):
    # Given steps in every state (the strategy has started, so its steps can be worked on)
    now = timezone.now()
    org.strategies.filter(key="visibility").update(start=now.date() - timedelta(days=30))
    add_step(org, "late", "Late", now - timedelta(days=3))
    add_step(org, "soon", "Soon", now + timedelta(days=2))
    add_step(org, "big", "Too big for the time left", now + timedelta(days=3), effort_hours=200)
    done_late = add_step(org, "slow", "Slow", now - timedelta(days=10))
    Occurrence.objects.filter(step=done_late).update(completed_at=now - timedelta(days=5))
    done = add_step(org, "quick", "Quick", now - timedelta(days=1))
    Occurrence.objects.filter(step=done).update(completed_at=now - timedelta(days=2))

    # When the tree is shown
    shown = shown_statuses(html(owner_client.get(TREE)))

    # Then each occurrence shows exactly the status of the one review computation
    review = build_review(org, timezone.now())
    assert {item.occurrence_id for item in review.items} == set(shown)
    for item in review.items:
        assert shown[item.occurrence_id] == item.status, item.ref
    assert set(shown.values()) == {"done_on_time", "done_late", "overdue", "at_risk", "due_soon", "on_track"}


def test_status_summary_counts_the_review(owner_client, org):
    add_step(org, "late", "Late", timezone.now() - timedelta(days=3))
    text = html(owner_client.get(TREE))
    shown = {status: int(n) for status, n in _SUMMARY.findall(text)}
    expected = Counter(item.status for item in build_review(org, timezone.now()).items)
    assert shown == {status: expected.get(status, 0) for status in shown}
    assert shown["overdue"] == 1 and len(shown) == 6  # every status, at_risk included


def test_dates_are_shown_in_the_organizations_time_zone(owner_client, org):
    # `list` is due 2027-03-12 10:00 UTC = 17:00 in Asia/Ho_Chi_Minh
    vi = html(owner_client.get(TREE))
    assert "12/03/2027 17:00" in vi
    en = html(english(owner_client).get(TREE))
    assert "12 Mar 2027 17:00" in en

    org.timezone = "UTC"
    org.save()
    assert "12 Mar 2027 10:00" in html(owner_client.get(TREE))


def test_budget_in_the_organizations_currency_and_service_standards(owner_client, org):
    strategy = org.strategies.get(key="visibility")
    strategy.budget = 50_000_000
    strategy.save()
    plan = ActionPlan.objects.get(key="media")
    ServiceStandard.objects.create(
        organization=org,
        action_plan=plan,
        key="email",
        title="Answer emails",
        channel="email",
        target_phrase="within 4 business hours",
    )
    vi = html(owner_client.get(TREE))
    assert "50.000.000 VND" in vi
    assert "Answer emails" in vi and "within 4 business hours" in vi
    en = html(english(owner_client).get(TREE))
    assert "50,000,000 VND" in en


def test_a_member_sees_the_tree_too(member_client, org):
    assert member_client.get(TREE).status_code == 200


def _grow(org, n: int) -> None:
    """Give acme a second plan with `n` one-off steps and one recurring step of `n` occurrences."""
    strategy = org.strategies.get(key="visibility")
    plan = ActionPlan.objects.create(
        organization=org,
        strategy=strategy,
        key=f"big{n}",
        title=f"Big plan {n}",
        responsible=org.parties.get(key="alice"),
    )
    steps = Step.objects.bulk_create(
        Step(
            organization=org,
            action_plan=plan,
            key=f"s{i}",
            title=f"Step {i}",
            position=i,
            responsible=org.parties.get(key="bob") if i % 2 else None,
        )
        for i in range(n)
    )
    due = timezone.now() + timedelta(days=30)
    Occurrence.objects.bulk_create(
        Occurrence(organization=org, step=s, number=1, due=due, baseline_due=due) for s in steps
    )
    recurring = Step.objects.create(
        organization=org, action_plan=plan, key="weekly", title="Weekly", repeat_phrase="weekly", position=n
    )
    Occurrence.objects.bulk_create(
        Occurrence(
            organization=org,
            step=recurring,
            number=i + 1,
            due=due + timedelta(weeks=i),
            baseline_due=due + timedelta(weeks=i),
        )
        for i in range(n)
    )
    ServiceStandard.objects.create(
        organization=org,
        action_plan=plan,
        key="mail",
        title="Mail",
        channel="letter",
        target_phrase="next business day",
    )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(TREE).status_code == 200
    return len(ctx.captured_queries)


def test_the_tree_runs_a_bounded_number_of_queries(owner_client, org, django_assert_max_num_queries):
    _grow(org, 5)
    small = _queries(owner_client)
    _grow(org, 200)
    large = _queries(owner_client)
    assert large == small, f"{small} queries with 5 steps, {large} with 200 more"
    # session, user, organization, the user's organizations, the review with its forecast
    # (occurrences, parties, dependencies), then strategies, goals, action plans, steps,
    # occurrences and service standards: one query each; the user's people and teams (who may
    # check in on which occurrence)
    with django_assert_max_num_queries(14):
        owner_client.get(TREE)


def test_the_page_shows_what_the_review_says_and_computes_nothing_itself(owner_client, org, monkeypatch):
    # Given a review that (for the test) calls every occurrence overdue
    import dataclasses

    from actionplan.web import tree

    def review_says_overdue(o, as_of, **kw):
        review = build_review(o, as_of, **kw)
        items = tuple(dataclasses.replace(item, status="overdue") for item in review.items)
        return dataclasses.replace(review, items=items)

    monkeypatch.setattr(tree, "build_review", review_says_overdue)

    # Then the page shows overdue for each of them, even the one completed early
    shown = shown_statuses(html(owner_client.get(TREE)))
    assert shown and set(shown.values()) == {"overdue"}
    summary = dict(_SUMMARY.findall(html(owner_client.get(TREE))))
    assert summary["overdue"] == str(len(shown)) and summary["done_on_time"] == "0"


def _step_tbody(text: str, ref: str) -> str:
    return text.split(f'data-step="{ref}"', 1)[1].split("</tbody>", 1)[0]


def test_each_step_shows_its_forecast_finish_and_the_at_risk_status(owner_client, org):
    # Given Alice with more work than hours: `letters` finishes after its due
    overload_alice(org)
    review = {item.ref: item for item in build_review(org, timezone.now()).items}
    assert review["service/care/letters"].status == "at_risk"

    # Then its row says so in words (Vietnamese: the glossary's "có nguy cơ trễ") with the
    # forecast finish next to the due
    letters = _step_tbody(html(owner_client.get(TREE)), "service/care/letters")
    assert 'data-status="at_risk"' in letters and "có nguy cơ trễ" in letters
    assert "Dự kiến xong" in letters and "sau hạn chót" in letters
    finish = review["service/care/letters"].forecast_finish
    assert finish.strftime("%d/%m/%Y %H:%M") in letters
    kit = _step_tbody(html(owner_client.get(TREE)), "visibility/media/kit")
    assert 'data-status="on_track"' in kit and "sau hạn chót" not in kit
    assert review["visibility/media/kit"].forecast_finish.strftime("%d/%m/%Y %H:%M") in kit

    # In English
    text = html(english(owner_client).get(TREE))
    letters = _step_tbody(text, "service/care/letters")
    assert "at risk" in letters and "Forecast finish" in letters and "after the due date" in letters
    summary = dict(_SUMMARY.findall(text))
    assert summary["at_risk"] == "1"


def test_a_recurring_step_shows_each_occurrence_forecast_finish(owner_client, org):
    overload_alice(org)
    text = html(english(owner_client).get(TREE))
    send = _step_tbody(text, "visibility/media/send")
    assert send.count('<th scope="col">Forecast finish</th>') == 1
    finishes = {i.ref: i.forecast_finish for i in build_review(org, timezone.now()).items}
    for n in (1, 2, 3):
        assert finishes[f"visibility/media/send#{n}"].strftime("%-d %b %Y %H:%M") in send


def test_a_forecast_that_says_nothing_new_is_not_repeated_on_the_line(owner_client, org):
    overload_alice(org)
    text = html(english(owner_client).get(TREE))
    # done: no forecast; a vendor's step without effort finishes at its due: nothing to add
    assert "Forecast finish" not in _step_tbody(text, "visibility/media/list")
    assert "Forecast finish" not in _step_tbody(text, "visibility/media/write")
