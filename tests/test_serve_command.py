"""``launchwatch serve`` refuses bad settings and unreadable databases before it starts serving."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from launchwatch.serve.commands import serve


def test_an_unreadable_database_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "dir.db")], env={})
    assert result.exit_code == 1
    assert f"database {tmp_path / 'dir.db'}:" in result.output
    assert "Traceback" not in result.output


def test_bad_settings_are_refused_with_their_name(tmp_path: Path) -> None:
    for name, value in (
        ("LAUNCHWATCH_TILES_URL", "https://t.example/{z}/{x}/{y}.png?k={key}"),
        ("LAUNCHWATCH_BASE_URL", "not a url"),
    ):
        result = CliRunner().invoke(serve, ["--db", str(tmp_path / "lw.db")], env={name: value})
        assert result.exit_code == 1
        assert name in result.output
