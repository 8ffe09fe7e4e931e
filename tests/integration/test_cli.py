"""The `actionplan` command, run in-process with typer's CliRunner."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime

import pytest
from clock import freeze_now
from conftest import DATA, snapshot

from actionplan.orgs.models import Membership, Organization
from actionplan.planning.models import ChangeRecord, Occurrence

MISTAKES = DATA / "ten-mistakes.yaml"


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- import


def test_ten_mistakes_ten_located_errors_and_nothing_written(cli, org):
    before, changes = snapshot("acme"), ChangeRecord.objects.count()

    result = cli("import", MISTAKES)

    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 10
    assert all(line.startswith(f"{MISTAKES}:") for line in lines)
    located = [line[len(str(MISTAKES)) + 1 :].split(": ", 1) for line in lines]
    assert [loc for loc, _msg in located] == [
        "7:3", "10:10", "14:12", "16:30", "20:15", "23:42", "23:65", "24:68", "25:63", "26:46",
    ]  # fmt: skip
    messages = " | ".join(msg for _loc, msg in located)
    for words in ("unknown key 'colour'", "duplicate id 'alice'", "out of range", "expected text",
                  "unknown goal 'headlines'", "fortnight", "'zoe'", "dependency cycle", "'urgent'",
                  "'times' needs 'repeat'"):  # fmt: skip
        assert words in messages
    assert result.stdout == ""
    assert snapshot("acme") == before
    assert ChangeRecord.objects.count() == changes
    no_traceback(result)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"version: 1\norganization: {id: acme, name: Caf\xe9}\n", "UTF-8"),
        (b"version: 1\norganization: [unclosed\n", ":"),
        (b"\x00\x01\x02 binary", ":"),
        (
            b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
            ":",
        ),
    ],
    ids=["latin-1", "not-yaml", "binary", "anchor-bomb"],
)
def test_unreadable_files_are_refused_cleanly(cli, org, tmp_path, content, words):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    before = snapshot("acme")

    result = cli("import", path)

    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:")
    assert words in result.stderr
    assert snapshot("acme") == before
    no_traceback(result)


def test_missing_file(cli, db, tmp_path):
    result = cli("import", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    no_traceback(result)


def test_import_prints_a_summary_and_located_warnings(cli, db, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(
        "version: 1\norganization: {id: acme, name: Acme, locale: en, calendar: {holidays: none}}\n"
        "people:\n  - {id: alice, name: Alice}\n"
        "strategies:\n  - id: s\n    title: S\n    start: 2027-03-01\n    action_plans:\n"
        "      - id: p\n        title: P\n        responsible: alice\n        steps:\n"
        "          - {id: a, title: A, due: 2027-03-06}\n",
        encoding="utf-8",
    )

    result = cli("import", path)
    again = cli("import", path)

    assert result.exit_code == 0, result.output
    assert "imported acme" in result.stdout
    assert "steps: 1 created" in result.stdout
    assert f"{path}:14:" in result.stderr and ": warning: " in result.stderr
    assert "no changes" in again.stdout


def test_dry_run(cli, db, demo_text, tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_bytes(demo_text)

    result = cli("import", path, "--dry-run")

    assert result.exit_code == 0
    assert "nothing written" in result.stdout
    assert not Organization.objects.exists()


# -- export, review, done


def test_export_to_a_file_and_to_stdout(cli, org, tmp_path):
    out = tmp_path / "acme.yaml"

    result = cli("export", "-o", out)
    printed = cli("export")

    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == printed.stdout
    assert "id: acme" in printed.stdout
    # The fixture was built by hand: the first import resolves its phrases; then nothing changes
    assert cli("import", out).exit_code == 0
    cli("export", "-o", out)
    assert "no changes" in cli("import", out).stdout


def test_several_organizations_need_org(cli, org, other_org):
    result = cli("export")
    assert result.exit_code == 2
    assert "several organizations" in result.stderr and "acme, other" in result.stderr
    assert cli("export", "--org", "acme").exit_code == 0
    unknown = cli("export", "--org", "nope")
    assert unknown.exit_code == 2 and "unknown organization nope" in unknown.stderr


def test_empty_database(cli, db):
    result = cli("review")
    assert result.exit_code == 2
    assert "no organization yet" in result.stderr


def test_review_json(cli, org):
    result = cli("review", "--as-of", "2027-04-25 12:00", "--format", "json")

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["as_of"] == "2027-04-25T12:00:00+07:00"
    assert [i["status"] for i in data["items"]] == [
        "done_on_time",
        "overdue",
        "overdue",
        "due_soon",
        "on_track",
    ]
    assert data["items"][0]["due"] == "2027-03-12T17:00:00+07:00"


def test_review_table_has_status_words(cli, org):
    result = cli("review", "--as-of", "2027-04-25")

    assert result.exit_code == 0
    for words in (
        "visibility/media/send#2",
        "Bob Tran",
        "2027-04-30 17:00",
        "done on time",
        "due soon",
        "on track",
    ):
        assert words in result.stdout


def test_review_bad_input(cli, org):
    assert cli("review", "--as-of", "tomorrow").exit_code == 2
    assert cli("review", "--format", "xml").exit_code == 2


def test_done(cli, org, monkeypatch):
    freeze_now(monkeypatch, datetime(2027, 4, 1, 2, tzinfo=UTC))
    result = cli("done", "visibility/media/send#1", "--at", "2027-03-30 16:00")

    assert result.exit_code == 0, result.output
    assert "done at 2027-03-30 16:00" in result.stdout
    occ = Occurrence.objects.get(step__key="send", number=1)
    assert occ.completed_at.isoformat() == "2027-03-30T09:00:00+00:00"
    assert ChangeRecord.objects.get(action="completed").source == "cli"

    again = cli("done", "visibility/media/send#1")
    assert again.exit_code == 2 and "already done" in again.stderr
    needs_n = cli("done", "visibility/media/send")
    assert needs_n.exit_code == 2 and "visibility/media/send#1" in needs_n.stderr
    assert cli("reopen", "visibility/media/send#1").exit_code == 0


def test_vietnamese_messages(cli, org):
    result = cli("done", "visibility/media/send", "--lang", "vi")
    assert result.exit_code == 2
    assert "lần" in result.stderr


# -- logins, demo, setup


def test_createuser(cli, org):
    result = cli("createuser", "dana", "--password", "a long enough password", "--role", "manager")

    assert result.exit_code == 0, result.output
    membership = Membership.objects.get(user__username="dana")
    assert (membership.organization.key, membership.role) == ("acme", "manager")
    assert membership.user.check_password("a long enough password")

    # Again: the password and role are updated, not a second user
    cli("createuser", "dana", "--password", "another long password", "--role", "member")
    membership.refresh_from_db()
    assert membership.role == "member" and membership.user.check_password("another long password")


def test_createuser_prompts_for_the_password(cli, org):
    result = cli("createuser", "erin", input="prompted password\nprompted password\n")
    assert result.exit_code == 0, result.output
    assert Membership.objects.get(user__username="erin").user.check_password("prompted password")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--password", "short"], "password refused"),
        (["--password", "a long enough password", "--role", "boss"], "unknown role boss"),
        (["--password", "a long enough password", "--org", "nope"], "unknown organization nope"),
    ],
)
def test_createuser_refusals(cli, org, args, words):
    result = cli("createuser", "frank", *args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_demo_is_idempotent(cli, db, settings):
    first = cli("demo")
    second = cli("demo")

    assert first.exit_code == 0, first.output
    assert "demo organization sao-mai loaded" in first.stdout
    assert "loaded" not in second.stdout
    login = [line for line in first.stdout.splitlines() if line.startswith("Login at")]
    assert login and login[0].startswith("Login at http://127.0.0.1:8000 as owner / ")
    assert login[0] in second.stdout  # the same password
    path = settings.DATA_DIR / "demo-password"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Organization.objects.filter(key="sao-mai").count() == 1
    password = login[0].rsplit(" ", 1)[1]
    assert Membership.objects.get(user__username="owner").user.check_password(password)


def test_schema_is_json(cli, db):
    result = cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["type"] == "object"


def test_init_is_idempotent(cli, db):
    assert cli("init").exit_code == 0
    assert cli("init").exit_code == 0


def test_every_command_has_help(cli, db):
    for command in ("init", "import", "export", "review", "done", "reopen", "createuser", "demo", "serve",
                    "schema", "timeframe"):  # fmt: skip
        result = cli(command, "--help")
        assert result.exit_code == 0, command
        assert "Usage" in result.stdout


def test_serve_runs_gunicorn_after_init(cli, db, monkeypatch):
    calls = []
    monkeypatch.setattr("os.execv", lambda path, argv: calls.append(argv))

    result = cli("serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3")

    assert result.exit_code == 0, result.output
    (argv,) = calls
    assert argv[1:4] == ["-m", "gunicorn", "actionplan.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000"
    assert argv[argv.index("--workers") + 1] == "3"


def test_database_errors_are_messages(cli, db, monkeypatch):
    from django.db import OperationalError

    def broken(org_key=None):
        raise OperationalError("no such table: orgs_organization")

    monkeypatch.setattr("actionplan.orgs.services.resolve_org", broken)

    result = cli("review")

    assert result.exit_code == 1
    assert result.stderr.strip() == "database not initialised: run actionplan init"
    no_traceback(result)
