"""The launchwatch command line, run through click's CliRunner and once as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from launchwatch.cli import main
from launchwatch.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
EVENT_ID = "ev-2025-10-21-kp"  # the launch the fixture wire reports describe
REPORT = (
    "SEOUL, Oct. 21, 2025 — North Korea fired two short-range ballistic missiles into the East "
    "Sea on Tuesday, South Korea's Joint Chiefs of Staff said. They flew about 380 km."
)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A runner whose default database is inside tmp_path, never the user's."""
    monkeypatch.delenv("LAUNCHWATCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return CliRunner()


def run(runner: CliRunner, *args: str, input: str | bytes | None = None) -> Result:
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def test_ingest_clean_batch_exits_0(runner: CliRunner, db_url: str) -> None:
    result = run(runner, "ingest", "--db", db_url, str(FIXTURES))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 5  # one per article and the summary
    assert lines[-1].startswith("4 articles read: 4 new")
    with open_store(db_url) as store:
        assert store.counts()["articles"] == 4

    quiet = run(runner, "ingest", "--db", db_url, "--quiet", str(FIXTURES))
    assert quiet.exit_code == 0
    assert quiet.stdout.splitlines() == [quiet.stdout.strip()]
    assert "0 new, 0 new versions, 4 unchanged, 0 failed" in quiet.stdout


def test_ingest_exits_1_when_any_item_failed(
    runner: CliRunner, tmp_path: Path, db_url: str
) -> None:
    inbox = Path(shutil.copytree(FIXTURES, tmp_path / "inbox"))
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "lines.jsonl").write_text(
        json.dumps({"id": "ok", "text": REPORT}) + "\n{not json\n", encoding="utf-8"
    )
    result = run(runner, "ingest", "--db", db_url, str(inbox))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {inbox / 'empty.txt'}: empty file",
        f"error: {inbox / 'lines.jsonl'}:2: invalid JSON: Expecting property name enclosed in "
        "double quotes (column 2)",
    ]
    assert "5 articles read: 5 new, 0 new versions, 0 unchanged, 2 failed" in result.stdout
    with open_store(db_url) as store:
        assert store.counts()["articles"] == 5


def test_ingest_requires_a_path(runner: CliRunner) -> None:
    result = runner.invoke(main, ["ingest"])
    assert result.exit_code == 2
    assert "give files to read, or --reports PARQUET" in result.output


def test_events_and_show(runner: CliRunner, db_url: str) -> None:
    assert run(runner, "ingest", "--db", db_url, str(FIXTURES)).exit_code == 0

    table = run(runner, "events", "--db", db_url)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["id", "date", "country"]
    assert EVENT_ID in table.stdout

    listed = run(runner, "events", "--db", db_url, "--json").stdout.splitlines()
    rows = [json.loads(line) for line in listed]
    event = next(row for row in rows if row["id"] == EVENT_ID)
    assert (event["country"], event["date"]) == ("KP", "2025-10-21")
    assert event["reports"] >= 2

    detail = run(runner, "show", "--db", db_url, EVENT_ID)
    assert detail.exit_code == 0
    assert detail.stdout.startswith(f"{EVENT_ID}  KP  2025-10-21")
    as_json = json.loads(run(runner, "show", "--db", db_url, EVENT_ID, "--json").stdout)
    assert as_json["id"] == EVENT_ID
    assert any(
        "Joint Chiefs of Staff" in c["evidence"] for cs in as_json["claims"].values() for c in cs
    )

    missing = runner.invoke(main, ["show", "--db", db_url, "ev-1999-01-01-xx"])
    assert missing.exit_code == 1
    assert "no event with id 'ev-1999-01-01-xx'" in missing.stderr


def test_events_on_an_empty_database(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    open_store(str(empty)).close()
    result = run(runner, "events", "--db", str(empty))
    assert result.exit_code == 0
    assert result.stdout.strip() == "No events."


@pytest.mark.parametrize("command", [["events"], ["show", EVENT_ID], ["export"]])
def test_reading_commands_do_not_create_a_missing_database(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    """On an empty machine (the default location) and at a mistyped path: one error line that
    says there is no database and how to make one; no database is created."""
    default = tmp_path / "xdg" / "launchwatch" / "launchwatch.db"
    for args, missing in ((command, default), ([*command, "--db", str(tmp_path / "typo.db")],
                                               tmp_path / "typo.db")):  # fmt: skip
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"Error: no database at {missing}: "), result.stderr
        assert "launchwatch ingest" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not missing.exists()


def _table_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line]


def test_events_table_fits_the_terminal_width(
    runner: CliRunner, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(runner, "ingest", "-q", "--db", db_url, str(FIXTURES)).exit_code == 0
    whole = run(runner, "events", "--db", db_url).stdout  # not a terminal: every column
    assert max(len(line) for line in _table_lines(whole)) > 120
    assert "status" in whole and "sources" in whole
    for columns in (80, 60, 40):
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = _table_lines(run(runner, "events", "--db", db_url).stdout)
        assert max(len(line) for line in lines) <= columns, (columns, lines)
        assert lines[0].split()[:2] == ["id", "date"]
        assert EVENT_ID in lines[2]  # the id is never cut: it is what `show` takes
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run(runner, "events", "--db", db_url).stdout
    assert "launch area" in narrow and "…" in narrow  # cut, not left out, where it fits


def test_show_marks_only_the_values_in_dispute(runner: CliRunner, db_url: str) -> None:
    assert run(runner, "ingest", "-q", "--db", db_url, str(FIXTURES)).exit_code == 0
    detail = run(runner, "show", "--db", db_url, EVENT_ID).stdout
    marked = [line.strip() for line in detail.splitlines() if line.strip().startswith("≠")]
    # JCS says 380 km, KCNA 400 km: the one real dispute, marked on the value not chosen.
    assert marked == ["≠ 400  [kcna]"]
    assert "(sources disagree)" in detail.split("range_km = 380")[1].splitlines()[0]
    assert "hypersonic     no" in detail
    assert "False" not in detail and "True" not in detail


def test_text_files_are_titled_by_their_headline(runner: CliRunner, db_url: str) -> None:
    assert run(runner, "ingest", "-q", "--db", db_url, str(FIXTURES)).exit_code == 0
    detail = run(runner, "show", "--db", db_url, EVENT_ID).stdout
    assert "North Korea fires two ballistic missiles into East Sea (" not in detail  # no date
    assert "North Korea fires two ballistic missiles into East Sea file://" in detail
    assert "(untitled)" not in detail


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Missiles fired into East Sea\n\nSEOUL — North Korea fired ...",
            "Missiles fired into East Sea",
        ),
        ("  Missiles   fired\n\nbody", "Missiles fired"),
        ("Headline only", "Headline only"),
        ("North Korea fired two missiles on Tuesday.\n\nMore.", None),  # a sentence
        ("North Korea fired two missiles\non Tuesday, officials said", None),  # a paragraph
        ("x" * 201 + "\n\nbody", None),
        ("", None),
    ],
)
def test_headline_of_a_text_file(text: str, title: str | None) -> None:
    from launchwatch.sources.files import headline

    assert headline(text) == title


def test_export_to_a_missing_directory_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "lw.db"
    assert run(runner, "ingest", "-q", "--db", str(db), str(FIXTURES)).exit_code == 0
    target = tmp_path / "missing" / "dir" / "x.csv"
    for fmt in ("csv", "xlsx"):
        result = runner.invoke(
            main,
            ["export", "--db", str(db), "--format", fmt, "-o", str(target.with_suffix("." + fmt))],
        )
        assert result.exit_code == 1, result.output
        assert result.stderr.strip() == (
            f"Error: cannot write {target.with_suffix('.' + fmt)}: no such file or directory"
        )
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_xlsx_refuses_to_write_to_a_terminal(tmp_path: Path) -> None:
    """A real process whose standard output is a terminal (a pseudo-terminal here)."""
    import os
    import pty

    db = tmp_path / "lw.db"
    open_store(str(db)).close()
    command = [sys.executable, "-m", "launchwatch.cli", "export", "--db", str(db)]
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*command, "--format", "xlsx"],
            stdout=follower,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
        os.close(follower)
        written = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all was read
                break
            if not chunk:
                break
            written += chunk
    finally:
        os.close(leader)
    assert done.returncode == 2
    assert "xlsx is a binary file and standard output is a terminal" in done.stderr.decode()
    assert b"PK" not in written  # no zip bytes reached the terminal
    # Redirected to a file, the same command writes the workbook.
    target = tmp_path / "out.xlsx"
    with target.open("wb") as out:
        redirected = subprocess.run(
            [*command, "--format", "xlsx"], stdout=out, check=False, timeout=120
        )
    assert redirected.returncode == 0
    assert target.read_bytes()[:2] == b"PK"


def _rows_of(help_text: str) -> dict[str, str]:
    """The Commands section of a group's help: name -> its summary, wrapped lines joined."""
    rows: dict[str, str] = {}
    name = ""
    for line in help_text.split("Commands:")[1].splitlines():
        if line.startswith("  ") and not line.startswith("    ") and line.strip():
            name, _, text = line.strip().partition(" ")
            rows[name] = text.strip()
        elif line.strip() and name:
            rows[name] += " " + line.strip()
    return rows


@pytest.mark.parametrize("group", [[], ["curate"]])
def test_help_summaries_are_whole_sentences(runner: CliRunner, group: list[str]) -> None:
    rows = _rows_of(run(runner, *group, "--help").stdout)
    assert len(rows) >= 5
    for name, text in rows.items():
        assert text.endswith(".") and "..." not in text, (name, text)
        assert text[0].isupper(), (name, text)
    assert "split" not in run(runner, "curate", "--help").stdout


def _all_commands() -> list[tuple[str, object]]:
    import click

    ctx = click.Context(main)
    found: list[tuple[str, object]] = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        found.append((name, command))
        if isinstance(command, click.Group):
            sub = click.Context(command, parent=ctx)
            found += [
                (f"{name} {n}", command.get_command(sub, n)) for n in command.list_commands(sub)
            ]
    return found


def test_every_option_has_help() -> None:
    import click

    missing = [
        f"{name} {param.opts[0]}"
        for name, command in _all_commands()
        for param in command.params  # type: ignore[attr-defined]
        if isinstance(param, click.Option) and not param.hidden and not param.help
    ]
    assert missing == []
    assert "(0: any free port)" in CliRunner().invoke(main, ["serve", "--help"]).stdout
    assert "xlsx (Excel" in CliRunner().invoke(main, ["export", "--help"]).stdout


def test_launchwatch_db_environment_variable(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = tmp_path / "from-env.db"
    monkeypatch.setenv("LAUNCHWATCH_DB", str(from_env))
    assert run(runner, "ingest", "-q", str(FIXTURES)).exit_code == 0
    assert from_env.exists()
    assert EVENT_ID in run(runner, "events").stdout

    # --db wins over the environment.
    explicit = tmp_path / "explicit.db"
    assert run(runner, "ingest", "-q", "--db", str(explicit), str(FIXTURES / "04-analysis.txt"))
    assert run(runner, "events", "--db", str(explicit)).stdout.strip() == "No events."
    assert not (tmp_path / "xdg").exists()


def test_default_database_in_the_xdg_data_dir(runner: CliRunner, tmp_path: Path) -> None:
    assert run(runner, "ingest", "-q", str(FIXTURES)).exit_code == 0
    assert (tmp_path / "xdg" / "launchwatch" / "launchwatch.db").exists()


def test_unopenable_database_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are notes, not a database\n" * 200, encoding="utf-8")
    result = runner.invoke(main, ["events", "--db", str(not_a_db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: database {not_a_db}:")
    assert "Traceback" not in result.output


def _bad_locations(tmp_path: Path) -> list[str]:
    """Database locations that cannot be used, each for its own reason."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder\n", encoding="utf-8")
    locations = [
        str(a_file / "x.db"),  # its directory cannot be created
        "mysql://user@127.0.0.1/launchwatch",  # not a database the store runs on
        "sqlite+pysqlcipher:///x.db",  # a driver that is not installed
    ]
    if Path("/proc").is_dir():
        locations.append("/proc/nope/x.db")
    return locations


def _command_args(command: str, db: str, tmp_path: Path) -> list[str]:
    """``command`` with ``--db db``; nothing is ever fetched (the database is opened first)."""
    config = tmp_path / "watch.toml"
    config.write_text('feeds = ["http://127.0.0.1:9/feed.xml"]\n', encoding="utf-8")
    return {
        "ingest": ["ingest", "--db", db, str(FIXTURES)],
        "events": ["events", "--db", db],
        "show": ["show", "--db", db, EVENT_ID],
        "fetch": ["fetch", "--db", db, "http://127.0.0.1:9/news"],
        "watch": ["watch", "--config", str(config), "--db", db, "--once"],
        "export": ["export", "--db", db],
        "serve": ["serve", "--db", db, "--host", "127.0.0.1"],
    }[command]


@pytest.mark.parametrize(
    "command", ["ingest", "events", "show", "fetch", "watch", "export", "serve"]
)
def test_an_unusable_database_location_is_one_error_line(
    runner: CliRunner, tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def never_serve(*args: object, **kwargs: object) -> None:
        raise AssertionError("serve went on with an unusable database")

    monkeypatch.setattr(uvicorn, "run", never_serve)
    for db in _bad_locations(tmp_path):
        result = runner.invoke(main, _command_args(command, db, tmp_path), catch_exceptions=False)
        assert result.exit_code == 1, (db, result.output)
        assert result.stderr.startswith(f"Error: database {db}: "), (db, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.output


def test_unusable_locations_say_why(runner: CliRunner, tmp_path: Path) -> None:
    reasons = {
        db: runner.invoke(main, ["events", "--db", db]).stderr.strip()
        for db in _bad_locations(tmp_path)
    }
    notes, mysql, cipher, *proc = reasons.values()
    assert notes.endswith("notes.txt is not a directory")
    assert "unsupported database 'mysql'" in mysql
    assert "sqlite+pysqlcipher driver is not installed" in cipher
    assert all(line.endswith(": no such file or directory") for line in proc)


def test_database_errors_is_shared_by_the_commands() -> None:
    from launchwatch import cli
    from launchwatch.sources import commands

    assert commands.database_errors is cli.database_errors
    assert commands.db_option is cli.db_option


def write_jsonl(path: Path) -> tuple[Path, list[dict[str, object]]]:
    records: list[dict[str, object]] = [
        {"id": "wire-1", "text": REPORT, "published": "2025-10-21"},
        {"id": "quiet", "text": "The harbour festival opened on Saturday with fireworks."},
        {"id": "wire-2", "text": REPORT.replace("two", "three"), "published": "2025-10-21"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path, records


def test_extract_one_line_per_input_line_with_evidence(runner: CliRunner, tmp_path: Path) -> None:
    source, records = write_jsonl(tmp_path / "in.jsonl")
    result = run(runner, "extract", str(source))
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(records)
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    assert rows[0]["launch_report"] is True
    checked = 0
    for row, record in zip(rows, records, strict=True):
        for event in row["events"]:
            for claim in event["claims"]:
                start, end = claim["span"]
                assert claim["evidence"] == record["text"][start:end]
                assert {"source", "hedge", "confidence", "field", "value"} <= claim.keys()
                checked += 1
    assert checked > 0


def test_extract_to_file_without_evidence(runner: CliRunner, tmp_path: Path) -> None:
    source, records = write_jsonl(tmp_path / "in.jsonl")
    output = tmp_path / "out.jsonl"
    result = run(runner, "extract", str(source), "-o", str(output), "--no-evidence")
    assert result.exit_code == 0
    assert result.stdout == ""
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(records)
    assert all("claims" not in event for row in rows for event in row["events"])


def test_extract_from_stdin_with_a_bad_line(runner: CliRunner) -> None:
    good = json.dumps({"id": "wire-1", "text": REPORT})
    result = run(runner, "extract", "-", input=f'{good}\n{{"id": "half", "text": \n{good}\n')
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["wire-1", "half", "wire-1"]
    assert rows[1].keys() == {"id", "error"}
    assert result.stderr.startswith("error: <stdin>:2: invalid JSON")


def test_extract_with_a_broken_id_still_writes_the_error_line(runner: CliRunner) -> None:
    good = json.dumps({"id": "wire-1", "text": REPORT})
    broken = '{"id": "a\\q", "text": broken'
    result = run(runner, "extract", "-", input=f"{broken}\n{good}\n")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == [None, "wire-1"]
    assert rows[0].keys() == {"id", "error"}
    assert result.stderr.startswith("error: <stdin>:1: invalid JSON")


def test_extract_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["extract", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    """The console script end to end: stdin in, JSON lines out, exit code out."""
    source, records = write_jsonl(tmp_path / "in.jsonl")
    done = subprocess.run(
        [sys.executable, "-m", "launchwatch.cli", "extract", "-", "--no-evidence"],
        input=source.read_bytes(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert len(done.stdout.decode().splitlines()) == len(records)


def test_extract_stops_quietly_when_the_reader_goes_away(tmp_path: Path) -> None:
    """``launchwatch extract big.jsonl | head -1``: no traceback when the pipe closes."""
    source = tmp_path / "many.jsonl"
    source.write_text(json.dumps({"id": "w", "text": REPORT}) + "\n", encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8") * 2000, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "launchwatch.cli", "extract", str(source), "--no-evidence"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert json.loads(first)["id"] == "w"
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


def test_export_is_wired_in(runner: CliRunner, db_url: str) -> None:
    assert run(runner, "ingest", "-q", "--db", db_url, str(FIXTURES)).exit_code == 0
    result = run(runner, "export", "--db", db_url, "--format", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.startswith("id,")
    assert any(row.startswith(EVENT_ID + ",") for row in rows)


def test_every_command_is_listed(runner: CliRunner) -> None:
    result = run(runner, "--help")
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line}
    expected = {"ingest", "check", "events", "show", "extract", "eval", "export", "fetch", "watch",
                "serve", "curate", "backfill"}  # fmt: skip
    assert listed == expected


def test_eval_events_scores_the_resolved_events(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    lines = [
        {"id": "a", "url": "https://a.example/1", "published": "2025-10-21", "text": REPORT,
         "events": [{"country": "KP", "date": "2025-10-21"}]},
        {"id": "b", "url": "https://b.example/2", "published": "2025-10-21",
         "text": REPORT.replace("about 380 km", "some 380 kilometres, officials added"),
         "events": [{"country": "KP", "date": "2025-10-21"}]},
        {"id": "c", "url": "https://c.example/3", "published": "2025-10-21",
         "text": "The central bank left interest rates unchanged on Tuesday.", "events": []},
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = run(runner, "eval", "--events", "--json", str(gold))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert (scores["precision"], scores["recall"], scores["duplicates"]) == (1.0, 1.0, 0.0)
    assert scores["pairs"]["f1"] == 1.0
