"""`--help` in Vietnamese: asked for with `--lang vi`, ACTIONPLAN_LANGUAGE or LANG; English otherwise."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

import actionplan
from actionplan.cli import command_for, main

LOCALE = Path(actionplan.__file__).parent / "locale"


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    monkeypatch.delenv("ACTIONPLAN_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def run_help(monkeypatch, capsys):
    def run(args: list[str]) -> str:
        monkeypatch.setattr("sys.argv", ["actionplan", *args])
        with pytest.raises(SystemExit) as exited:
            main()
        out = capsys.readouterr().out
        assert exited.value.code == 0, out
        return out

    return run


def test_english_by_default(run_help):
    out = run_help(["import", "--help"])
    assert "Load a plan file into its organization" in out
    assert "Check and show the changes; write nothing." in out


@pytest.mark.parametrize("args", [["import", "--help", "--lang", "vi"], ["import", "--lang=vi", "--help"]])
def test_lang_vi_gives_vietnamese_help(run_help, args):
    out = run_help(args)
    assert "Nạp một tệp kế hoạch vào tổ chức của nó" in out
    assert "Kiểm tra và hiển thị các thay đổi; không ghi gì." in out
    assert "Load a plan file" not in out


@pytest.mark.parametrize("variable", ["ACTIONPLAN_LANGUAGE", "LANG"])
def test_the_environment_asks_for_vietnamese(run_help, monkeypatch, variable):
    monkeypatch.setenv(variable, "vi_VN.UTF-8")
    out = run_help(["--help"])
    assert "Chiến lược, kế hoạch hành động và đánh giá tiến độ cho doanh nghiệp nhỏ." in out
    assert "Nạp một tệp kế hoạch" in out  # the list of commands is translated too


def _helps(command) -> list[str]:
    texts = [command.help] if command.help else []
    texts += [p.help for p in command.params if getattr(p, "help", None)]
    for sub in getattr(command, "commands", {}).values():
        texts += _helps(sub)
    return texts


def test_every_help_text_has_a_vietnamese_translation():
    catalogue = gettext.translation("django", LOCALE, ["vi"])
    helps = _helps(command_for([]))
    assert len(helps) > 40
    missing = [text for text in helps if catalogue.gettext(text) == text]
    assert not missing


def test_lang_before_the_command_gives_vietnamese_help(run_help):
    out = run_help(["--lang", "vi", "--help"])
    assert "Chiến lược, kế hoạch hành động và đánh giá tiến độ cho doanh nghiệp nhỏ." in out
    assert "Ngôn ngữ của thông báo: en hoặc vi." in out


def test_lang_before_the_command_is_the_language_of_its_messages(monkeypatch, capsys):
    monkeypatch.setattr(
        "sys.argv", ["actionplan", "--lang", "vi", "timeframe", "end of mnth 1", "--start", "2027-03-01"]
    )
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("lỗi: Không hiểu: mnth")
