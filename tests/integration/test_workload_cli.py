"""`actionplan workload`, `suggest` and `apply-suggestion` end to end, on the demo.

The demo (examples/sao-mai.vi.yaml) holds the article's case: in the last week of January 2027
Lan carries the Tết media campaign (strategy hien-dien) and the Tết orders of customer service
(strategy dich-vu) at once; Hùng, in her team, has room. Seen from 2026-12-01 (the demo's
'today': every recorded completion is before it, the Tết rush after it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actionplan.orgs.models import Organization
from actionplan.planning.models import ChangeRecord, Occurrence

AS_OF = "2026-12-01 08:00"
ORDERS = "dich-vu/phan-hoi-email/don-tet"


@pytest.fixture
def demo(cli):
    assert cli("demo").exit_code == 0
    return Organization.objects.get(key="sao-mai")


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _suggestions(cli) -> list[dict]:
    return _json(cli("suggest", "--as-of", AS_OF, "--format", "json"))["suggestions"]


def _orders_suggestion(cli) -> dict:
    return next(s for s in _suggestions(cli) if s["ref"] == ORDERS)


# --------------------------------------------------------------------------------------------
# workload


def test_workload_json_has_every_person_and_team_by_week(cli, demo):
    data = _json(cli("workload", "--as-of", AS_OF, "--weeks", "10", "--format", "json"))

    assert data["as_of"] == "2026-12-01T08:00:00+07:00"
    rows = {row["id"]: row for row in data["people"]}
    assert list(rows) == ["minh", "lan", "hung", "mai", "tai", "tiep-thi", "bep"]  # people, then teams
    assert {row["kind"] for row in data["people"]} == {"person", "team"}
    assert rows["lan"]["name"] == "Nguyễn Thị Lan"
    assert all(set(row) == {"id", "name", "kind", "weeks"} for row in data["people"])
    weeks = rows["lan"]["weeks"]
    assert [w["week"] for w in weeks] == [
        "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53",
        "2027-W01", "2027-W02", "2027-W03", "2027-W04", "2027-W05",
    ]  # fmt: skip
    assert set(weeks[0]) == {"week", "capacity_hours", "demand_hours", "planned_hours"}
    lan = {w["week"]: w for w in weeks}
    for week in ("2027-W04", "2027-W05"):  # the Tết rush
        assert lan[week]["demand_hours"] > lan[week]["capacity_hours"] > 0
        assert lan[week]["planned_hours"] <= lan[week]["capacity_hours"] + 0.01
    assert lan["2026-W52"]["capacity_hours"] < lan["2026-W50"]["capacity_hours"]  # her time off
    team = {w["week"]: w for w in rows["tiep-thi"]["weeks"]}
    hung = {w["week"]: w for w in rows["hung"]["weeks"]}
    assert team["2027-W04"]["capacity_hours"] == pytest.approx(
        lan["2027-W04"]["capacity_hours"] + hung["2027-W04"]["capacity_hours"]
    )
    [overload] = data["overloads"]
    assert (overload["person"], overload["weeks"], overload["strategies"]) == (
        "lan",
        ["2027-W04", "2027-W05"],
        ["hien-dien", "dich-vu"],
    )


def test_workload_table_shows_numbers_marks_and_the_named_overload(cli, demo):
    result = cli("workload", "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Workload of Tiệm bánh Sao Mai as of 2026-12-01 08:00" in out
    lan = next(line for line in out.splitlines() if "Nguyễn Thị Lan" in line and "│" in line)
    assert lan.count("!") == 2  # two weeks over capacity, marked without colour too
    assert "/40" in lan
    assert "Tiếp thị và bán hàng (team)" in out
    assert "Nguyễn Thị Lan: Tăng mức độ hiện diện trên truyền thông" in out
    assert "% of capacity in weeks 4–5" in out


def test_workload_in_vietnamese_names_the_weeks_in_vietnamese(cli, demo):
    result = cli("workload", "--as-of", AS_OF, "--lang", "vi")
    assert result.exit_code == 0, result.stderr
    assert "tuần 4–5" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weeks", "0"], "--weeks must be a number from 1 to 520"),
        (["--weeks", "100000"], "--weeks must be a number from 1 to 520"),
        (["--format", "csv"], "--format must be table or json"),
        (["--as-of", "tomorrow"], "--as-of: tomorrow is not a date or time"),
        (["--org", "nope"], "unknown organization nope"),
    ],
)
def test_workload_refuses_bad_options_in_one_line(cli, demo, args, message):
    result = cli("workload", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_empty_database_is_a_clear_error(cli, db):
    for command in (["workload"], ["suggest"], ["apply-suggestion", "s123", "--reason", "x"]):
        result = cli(*command)
        assert result.exit_code == 2
        assert "no organization yet" in result.stderr


# --------------------------------------------------------------------------------------------
# suggest


def test_suggest_json_names_the_overload_and_each_change_with_its_effect(cli, demo):
    data = _json(cli("suggest", "--as-of", AS_OF, "--format", "json"))

    assert set(data) == {"as_of", "overloads", "suggestions"}
    assert data["overloads"][0]["summary"].startswith("Nguyễn Thị Lan: ")
    keys = {"id", "kind", "ref", "target", "for", "description", "late_before", "late_after",
            "finish_before", "finish_after"}  # fmt: skip
    assert data["suggestions"] and all(set(s) == keys for s in data["suggestions"])
    orders = next(s for s in data["suggestions"] if s["ref"] == ORDERS)
    assert (orders["kind"], orders["target"], orders["for"]) == ("reassign", "hung", ORDERS)
    assert (
        orders["description"]
        == "Reassign “Trả lời email và điện thoại đặt bánh Tết của khách hàng” to Phạm Quốc Hùng"
    )
    assert orders["late_after"] < orders["late_before"]
    assert orders["finish_before"].endswith("+07:00")


def test_suggest_table(cli, demo):
    result = cli("suggest", "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Over capacity as of 2026-12-01 08:00:" in out
    assert _orders_suggestion(cli)["id"] in out
    assert "Reassign “Trả lời email" in out
    assert "apply-suggestion ID --reason TEXT" in out


def test_suggest_when_no_one_is_over_capacity_and_nothing_is_at_risk(cli, org):
    result = cli("suggest", "--as-of", "2027-03-02 08:00")

    assert result.exit_code == 0, result.stderr
    assert "no one is over capacity as of 2027-03-02 08:00" in result.stdout
    assert "nothing to suggest: nothing is at risk" in result.stdout
    assert _json(cli("suggest", "--as-of", "2027-03-02 08:00", "--format", "json"))["suggestions"] == []


# --------------------------------------------------------------------------------------------
# apply-suggestion


def test_apply_a_suggestion_reassigns_and_records_it_with_the_reason(cli, demo, settings):
    suggestion = _orders_suggestion(cli)

    result = cli("apply-suggestion", suggestion["id"], "--reason", "Hùng có thời gian", "--as-of", AS_OF)

    assert result.exit_code == 0, result.stderr
    assert f"applied {suggestion['id']}: Reassign “Trả lời email" in result.stdout
    assert f"late {suggestion['late_before']} → {suggestion['late_after']}" in result.stdout
    occ = Occurrence.objects.select_related("responsible").get(step__key="don-tet")
    assert occ.responsible.key == "hung"
    record = ChangeRecord.objects.get(organization=demo, object_ref=ORDERS, source="cli")
    assert (record.action, record.object_type) == ("reassigned", "occurrence")
    assert record.changes == {"responsible": ["lan", "hung"]}
    assert record.reason == "Hùng có thời gian"
    # the step's history shows it, with the reason
    from django.contrib.auth import get_user_model
    from django.test import Client

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    client = Client()
    client.force_login(get_user_model().objects.get(username="owner"))
    page = client.get(f"/o/sao-mai/steps/{ORDERS}/").content.decode()
    assert "Hùng có thời gian" in page


def test_a_missing_or_empty_reason_is_refused(cli, demo):
    suggestion = _orders_suggestion(cli)
    for extra in ([], ["--reason", "   "]):
        result = cli("apply-suggestion", suggestion["id"], "--as-of", AS_OF, *extra)
        assert result.exit_code == 2
        assert "reason is required" in result.stderr
    assert not ChangeRecord.objects.filter(organization=demo, source="cli").exists()


def test_a_suggestion_on_data_that_changed_since_is_refused(cli, demo):
    suggestion = _orders_suggestion(cli)
    # between suggest and apply, someone records the overdue email responses as done
    done = cli("done", "dich-vu/phan-hoi-email/soan-phan-hoi", "--at", "2026-11-30 16:00")
    assert done.exit_code == 0, done.stderr

    result = cli("apply-suggestion", suggestion["id"], "--reason", "too late", "--as-of", AS_OF)

    assert result.exit_code == 2
    assert "changed since" in result.stderr and "run suggest again" in result.stderr
    assert Occurrence.objects.get(step__key="don-tet").responsible is None
    # suggest again: the same change, under a new id, applies
    again = _orders_suggestion(cli)
    assert again["id"] != suggestion["id"]
    assert cli("apply-suggestion", again["id"], "--reason", "now", "--as-of", AS_OF).exit_code == 0


def test_an_applied_suggestion_cannot_be_applied_again(cli, demo):
    suggestion = _orders_suggestion(cli)
    assert cli("apply-suggestion", suggestion["id"], "--reason", "once", "--as-of", AS_OF).exit_code == 0
    second = cli("apply-suggestion", suggestion["id"], "--reason", "twice", "--as-of", AS_OF)
    assert second.exit_code == 2 and "run suggest again" in second.stderr
    assert ChangeRecord.objects.filter(organization=demo, source="cli", action="reassigned").count() == 1


# --------------------------------------------------------------------------------------------
# The demo's overload is found, named, and removed by a suggestion


def test_the_demos_overload_is_found_named_and_removed_by_a_suggestion(cli, demo):
    before = _json(cli("workload", "--as-of", AS_OF, "--format", "json"))["overloads"]
    [lan] = [o for o in before if o["person"] == "lan"]
    assert len(lan["strategies"]) >= 2  # she carries steps of both strategies while over capacity
    assert lan["summary"] == (
        "Nguyễn Thị Lan: Tăng mức độ hiện diện trên truyền thông trong vòng sáu tháng + "
        f"Cải thiện dịch vụ khách hàng, {lan['percent']} % of capacity in weeks 4–5"
    )
    assert lan["percent"] > 100

    suggestion = _orders_suggestion(cli)
    assert cli("apply-suggestion", suggestion["id"], "--reason", "Tết", "--as-of", AS_OF).exit_code == 0

    after = _json(cli("workload", "--as-of", AS_OF, "--format", "json"))
    assert [o for o in after["overloads"] if o["person"] == "lan"] == []
    assert after["overloads"] == []  # and no one else took it over (Hùng had room)
