"""The workload page: people and teams × weeks with numbers and colour, the named overloads, a
cell's occurrences, and suggestions that owners and managers apply with a reason."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import snapshot
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from web_helpers import add_step, html, iso_week, occurrence, overload_alice

from actionplan.orgs.models import Membership
from actionplan.planning.forecasting import forecast_view
from actionplan.planning.models import ChangeRecord, Occurrence, Step

pytestmark = pytest.mark.django_db
PAGE = "/o/acme/workload/"
_SUGGESTION = re.compile(r'data-suggestion="(s[0-9a-f]+)"')
_AS_OF = re.compile(r'name="as_of" value="([^"]+)"')


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def cell_html(text: str, party: str, week: str) -> str:
    """The <td> of one cell of the heatmap."""
    match = re.search(rf'data-cell="{party}/{week}".*?</td>', text, re.S)
    assert match, f"no cell {party}/{week}"
    return match.group(0)


def hours(value: float, lang: str = "vi") -> str:
    text = f"{round(value, 1):g}"
    return text.replace(".", ",") if lang == "vi" else text


@pytest.fixture
def busy(org):
    return overload_alice(org)


def test_the_page_shows_each_cell_numbers_and_the_overload_named_in_vietnamese(owner_client, busy, org):
    text = html(owner_client.get(PAGE))
    view = forecast_view(org, timezone.now(), weeks=8, with_suggestions=False)

    # The heading, the navigation link and the table's structure
    assert "<h1>Khối lượng công việc</h1>" in text
    assert 'href="/o/acme/workload/" aria-current="page"' in text
    assert "<caption" in text and 'scope="col"' in text and 'scope="row"' in text
    # Each week of Alice, from the core's numbers: planned / capacity and the hours needed
    first, second = iso_week(busy["monday"]), iso_week(busy["monday"] + timedelta(weeks=1))
    for week in view.weeks["alice"]:
        cell = cell_html(text, "alice", week.week)
        assert f"{hours(week.planned)} / {hours(week.capacity)} giờ" in cell, cell
        assert f"cần {hours(week.demand)} giờ" in cell, cell
        assert f'href="/o/acme/workload/alice/{week.week}/"' in cell
    # Her two overloaded weeks say so in words and with a sign, not only with colour
    for week in (first, second):
        cell = cell_html(text, "alice", week)
        assert 'data-level="over"' in cell and "⚠" in cell and "quá tải" in cell and "125 %" in cell
    assert "quá tải" not in cell_html(text, "bob", first)
    # The team pools its members (Alice is in marketing)
    assert cell_html(text, "marketing", first).count("giờ") >= 2
    # The overload is named above the table with both strategies she carries
    overloads = text.split('id="overloads-title"', 1)[1].split("</section>", 1)[0]
    assert "Alice Nguyen: Increase media visibility + Customer service, 125 %" in overloads
    # The week columns carry their dates
    column = re.search(rf'data-week="{first}">(.*?)</th>', text, re.S).group(1)
    assert f"Tuần {busy['monday'].isocalendar().week}" in column  # not "T50": T is also tháng
    assert busy["monday"].strftime("%d/%m/%Y") in column


def test_the_page_in_english(owner_client, busy):
    text = html(english(owner_client).get(PAGE))
    first = iso_week(busy["monday"])
    assert "<h1>Workload</h1>" in text
    assert f"W{busy['monday'].isocalendar().week}" in text
    cell = cell_html(text, "alice", first)
    assert "40 / 40 h" in cell and "needs 50 h" in cell and "overloaded 125 %" in cell
    assert "Alice Nguyen: Increase media visibility + Customer service, 125 % of capacity in weeks" in text
    assert "Reassign “Answer customer letters” to Bob Tran" in text
    # The effect, measured: late occurrences 1 -> 0
    suggestion = text.split('class="suggestion"', 1)[1].split("</li>", 1)[0]
    assert re.search(r'data-effect="late">1 → <strong>0</strong>', suggestion)


def test_weeks_parameter(owner_client, busy):
    assert html(owner_client.get(PAGE + "?weeks=3")).count('class="heatmap__week"') == 3
    assert html(owner_client.get(PAGE)).count('class="heatmap__week"') == 8
    # Not a number, or too many: the page still shows, with a sensible number of weeks
    assert html(owner_client.get(PAGE + "?weeks=abc")).count('class="heatmap__week"') == 8
    assert html(owner_client.get(PAGE + "?weeks=5000")).count('class="heatmap__week"') == 26


def test_the_default_span_reaches_the_overload_named_above_it(owner_client, busy, org):
    # Given the same overload twelve weeks later
    later = timedelta(weeks=12)
    for strategy in org.strategies.filter(key__in=["visibility", "service"]):
        strategy.start += later
        strategy.save(update_fields=["start"])
    for occ in Occurrence.objects.filter(step__in=[busy["kit"], busy["letters"]]):
        occ.due += later
        occ.baseline_due += later
        occ.save(update_fields=["due", "baseline_due"])
    overloaded = [w for w in forecast_view(org, timezone.now()).overloads if w.party == "alice"][0].weeks

    # Then the page, asked for no span, shows every week up to the overload's last
    text = html(owner_client.get(PAGE))
    assert text.count('class="heatmap__week"') > 8
    for week in overloaded:
        assert f'data-cell="alice/{week}"' in text
    # and a span asked for is kept
    assert html(owner_client.get(PAGE + "?weeks=8")).count('class="heatmap__week"') == 8


def test_a_cell_lists_the_occurrences_of_that_person_that_week(owner_client, busy):
    week = iso_week(busy["monday"] + timedelta(weeks=1))
    url = f"{PAGE}alice/{week}/"
    text = html(english(owner_client).get(url))
    assert "Prepare the press kit" in text and "Answer customer letters" in text
    assert 'href="/o/acme/steps/service/care/letters/"' in text
    rows = dict(re.findall(r'data-ref="([^"]+)" data-status="(\w+)"', text))
    assert rows == {"visibility/media/kit": "on_track", "service/care/letters": "at_risk"}
    assert "at risk" in text and "after the due date" in text
    assert "Forecast finish" in text and "Due" in text
    assert "Sent" not in text  # nothing of other people
    # Bob has nothing that week
    assert "No open step" in html(owner_client.get(f"{PAGE}bob/{week}/"))


def test_an_overdue_step_loads_the_current_week_and_a_team_cell_holds_its_members_steps(
    owner_client, busy, org
):
    bob = org.parties.get(key="bob")
    org.strategies.filter(key="visibility").update(start=timezone.now().date() - timedelta(days=30))
    add_step(
        org,
        "late",
        "Send the overdue invoice",
        timezone.now() - timedelta(days=2),
        responsible=bob,
        effort_hours=5,
    )
    this_week = iso_week(timezone.localdate(timezone=ZoneInfo(org.timezone)))

    text = html(english(owner_client).get(f"{PAGE}bob/{this_week}/"))
    assert dict(re.findall(r'data-ref="([^"]+)" data-status="(\w+)"', text)) == {
        "visibility/media/late": "overdue"
    }
    team = html(owner_client.get(f"{PAGE}marketing/{iso_week(busy['monday'])}/"))
    assert "Prepare the press kit" in team and "Answer customer letters" in team
    assert "Send the overdue invoice" not in team  # Bob is not in marketing
    assert "Done by" in team and "Alice Nguyen" in team


def test_a_cell_is_an_htmx_fragment_when_asked_and_a_whole_page_otherwise(owner_client, busy):
    url = f"{PAGE}alice/{iso_week(busy['monday'])}/"
    fragment = html(owner_client.get(url, HTTP_HX_REQUEST="true"))
    assert "<html" not in fragment and "data-cell-view" in fragment and "autofocus" in fragment
    page = html(owner_client.get(url))
    assert "<html" in page and "data-cell-view" in page and "autofocus" not in page
    # The heatmap's links ask htmx for the fragment and work without JavaScript
    heatmap = html(owner_client.get(PAGE))
    assert f'href="{url}" hx-get="{url}" hx-target="#cell-detail"' in heatmap


def test_a_cell_of_nobody_or_no_week_is_404(owner_client, busy):
    week = iso_week(busy["monday"])
    assert owner_client.get(f"{PAGE}nobody/{week}/").status_code == 404
    assert owner_client.get(f"{PAGE}writer/{week}/").status_code == 404  # a vendor has no row
    assert owner_client.get(f"{PAGE}alice/2026-W99/").status_code == 404
    assert owner_client.get(f"{PAGE}alice/next-week/").status_code == 404


def _suggestion(client) -> tuple[str, str]:
    text = html(client.get(PAGE))
    return _SUGGESTION.search(text).group(1), _AS_OF.search(text).group(1)


def test_an_owner_applies_a_suggestion_with_a_reason_and_it_is_in_the_history(owner_client, busy, org, alice):
    suggestion, as_of = _suggestion(english(owner_client))

    response = owner_client.post(
        f"{PAGE}suggestions/{suggestion}/apply",
        {"reason": "Bob has room this month", "as_of": as_of, "next": PAGE + "?weeks=4"},
    )

    assert response.status_code == 302 and response["Location"] == PAGE + "?weeks=4"
    assert occurrence(org, "letters").responsible.key == "bob"
    record = ChangeRecord.objects.get(object_ref="service/care/letters", action="reassigned")
    assert (record.source, record.user, record.reason) == ("web", alice, "Bob has room this month")
    # The page says what was done, and the overload is gone
    text = html(owner_client.get(PAGE + "?weeks=4"))
    assert "Applied: Reassign “Answer customer letters” to Bob Tran" in text
    assert "data-no-overload" in text
    # The step's history shows the change with its reason
    step_page = html(owner_client.get("/o/acme/steps/service/care/letters/"))
    history = step_page.split('<table class="history">', 1)[1]
    assert "reassigned" in history and "Bob has room this month" in history and "web" in history


def test_a_member_sees_no_apply_button_and_cannot_post_one(member_client, owner_client, busy, org):
    text = html(member_client.get(PAGE))
    assert "data-suggestion=" in text  # the suggestions are shown...
    assert "/apply" not in text and 'name="reason"' not in text  # ...without a form
    suggestion, as_of = _suggestion(owner_client)
    before = snapshot("acme")

    response = member_client.post(f"{PAGE}suggestions/{suggestion}/apply", {"reason": "me", "as_of": as_of})

    assert response.status_code == 403
    assert snapshot("acme") == before
    assert not ChangeRecord.objects.filter(action="reassigned").exists()


def test_an_outsider_gets_404(outsider_client, busy):
    assert outsider_client.get(PAGE).status_code == 404
    assert outsider_client.post(f"{PAGE}suggestions/sdeadbeef/apply", {"reason": "x"}).status_code == 404


def test_a_stale_suggestion_is_refused_with_a_message_and_changes_nothing(owner_client, busy, org):
    suggestion, as_of = _suggestion(english(owner_client))
    # The data changes after the page was computed: the letters need a little more work
    Step.objects.filter(key="letters").update(effort_hours=41)
    before = snapshot("acme")

    response = owner_client.post(
        f"{PAGE}suggestions/{suggestion}/apply", {"reason": "Bob has room", "as_of": as_of}, follow=True
    )

    assert response.status_code == 200
    assert "computed on data that has changed since" in html(response)
    assert "message--error" in html(response)
    assert snapshot("acme") == before
    assert not ChangeRecord.objects.filter(source="web").exists()


def test_an_unknown_id_or_an_empty_reason_is_an_error_not_a_500(owner_client, busy, org):
    before = snapshot("acme")
    unknown = owner_client.post(f"{PAGE}suggestions/sdeadbeef/apply", {"reason": "why not"}, follow=True)
    assert unknown.status_code == 200 and "message--error" in html(unknown)
    suggestion, as_of = _suggestion(owner_client)
    empty = owner_client.post(
        f"{PAGE}suggestions/{suggestion}/apply", {"reason": "  ", "as_of": as_of}, follow=True
    )
    assert empty.status_code == 200 and "message--error" in html(empty)
    assert snapshot("acme") == before
    # A GET does not apply anything
    assert owner_client.get(f"{PAGE}suggestions/{suggestion}/apply").status_code == 405


def test_a_manager_may_apply(client, org, busy, bob):
    Membership.objects.filter(user=bob, organization=org).update(role=Membership.Role.MANAGER)
    client.force_login(bob)
    suggestion, as_of = _suggestion(client)
    response = client.post(f"{PAGE}suggestions/{suggestion}/apply", {"reason": "I have room", "as_of": as_of})
    assert response.status_code == 302
    assert occurrence(org, "letters").responsible.key == "bob"


def test_the_apply_form_is_accessible(owner_client, busy):
    text = html(owner_client.get(PAGE))
    form = text.split('class="apply-form"', 1)[1].split("</form>", 1)[0]
    suggestion = _SUGGESTION.search(text).group(1)
    assert "csrfmiddlewaretoken" in form and "required" in form
    assert f'<label for="reason-{suggestion}">' in form and f'id="reason-{suggestion}"' in form
    assert f'aria-describedby="suggestion-{suggestion}"' in form
    assert f'id="suggestion-{suggestion}"' in text  # the description the button points to


def test_nothing_planned_says_so(owner_client, org):
    text = html(owner_client.get(PAGE))
    assert "data-no-overload" in text and "data-no-suggestion" in text


# --------------------------------------------------------------------------------------------
# Bounded queries: the same number for a small and a larger organization


def _import_generated(tmp_path, steps: int, alice) -> None:
    """Import a generated plan (organization `bench`, 10 people) and make alice its owner."""
    import genplan  # bench/genplan.py, vendored from the shared harness

    from actionplan.orgs.models import Organization
    from actionplan.planning.importer import import_plan_file

    today = timezone.now().date()
    start = today - timedelta(days=today.weekday())  # this week's Monday: the work is ahead
    path = tmp_path / f"plan-{steps}.yaml"
    genplan.write_yaml(path, genplan.build(steps, 10, 1, start, 0.3), 10, start)
    import_plan_file(path.read_bytes(), path.name)
    org = Organization.objects.get(key="bench")
    Membership.objects.get_or_create(user=alice, organization=org, defaults={"role": Membership.Role.OWNER})


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "most"), [("/o/bench/workload/", 7), ("/o/bench/workload/p1/{week}/", 7), ("/o/bench/", 14)]
)
def test_workload_and_tree_run_a_bounded_number_of_queries(owner_client, alice, tmp_path, url, most):
    url = url.format(week=iso_week(date.today()))
    _import_generated(tmp_path, 40, alice)
    small = _queries(owner_client, url)
    _import_generated(tmp_path, 400, alice)  # the same organization, ten times the steps
    assert Occurrence.objects.filter(organization__key="bench").count() == 400
    large = _queries(owner_client, url)
    assert large == small, f"{url}: {small} queries with 40 steps, {large} with 400"
    # session, user, organization, the user's organizations, then the forecast's three reads
    # (the tree: the review's three, which hold the forecast, the tree's own six, and the user's
    # people and teams, which tell where to offer the check-in forms)
    assert small <= most
