"""`push`: build, then Anki's own import through AnkiConnect, counted by asking Anki.

AnkiConnect runs only inside Anki desktop, so these tests talk to the stand-in
(tests/ankiconnect_standin.py): the add-on's protocol over a real collection,
importing with the add-on's own call.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.identity import model_id
from tests.anki_client import AnkiClient
from tests.ankiconnect_standin import StandIn, running_standin
from tests.conftest import FASTAPI_BANK, run_make

PACKAGE = "fastapi-developer-interview.apkg"
DECK = "FastAPI Developer Interview"
QUERY = f"mid:{model_id('fastapi-developer-interview')}"


@pytest.fixture
def standin(anki: AnkiClient) -> Iterator[StandIn]:
    """AnkiConnect, as the add-on answers, over the learner's collection."""
    with running_standin(anki.col) as server:
        yield server


def push(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["push", *args], env=env)


def pushed_line(out: Path, new: int, updated: int, unchanged: int, removed: int) -> str:
    return (
        f"{out / PACKAGE}: pushed to Anki, deck {DECK!r}: {new} new, {updated} updated, "
        f"{unchanged} unchanged, {removed} tagged bank::removed"
    )


def bodies(standin: StandIn) -> list[dict]:
    return [json.loads(request.split(b"\r\n\r\n", 1)[1]) for request in standin.requests]


def test_push_imports_the_built_package_and_counts_what_anki_holds(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    out = tmp_path / "dist"
    first = push(str(fastapi_bank), "--out", str(out), "--url", standin.url)
    assert first.exit_code == 0, first.output
    assert first.stdout == pushed_line(out, 5, 0, 0, 0) + "\n"
    assert len(anki.notes(f'"deck:{DECK}"')) == 5
    assert (out / PACKAGE).is_file()

    again = push(str(fastapi_bank), "--out", str(out), "--url", standin.url)
    assert again.stdout == pushed_line(out, 0, 0, 5, 0) + "\n"


def test_push_sends_exactly_these_requests(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    out = tmp_path / "dist"
    assert push(str(fastapi_bank), "--out", str(out), "--url", standin.url).exit_code == 0
    note_ids = sorted(anki.col.find_notes(QUERY))
    package = str((out / PACKAGE).resolve())
    body = json.dumps({"action": "importPackage", "version": 6, "params": {"path": package}})
    port = standin.url.rsplit(":", 1)[1]
    assert standin.requests[2] == (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: identity\r\n"
        f"Content-Length: {len(body.encode())}\r\nContent-Type: application/json\r\n\r\n{body}"
    ).encode()
    assert bodies(standin) == [
        {"action": "version", "version": 6, "params": {}},
        {"action": "findNotes", "version": 6, "params": {"query": QUERY}},
        {"action": "importPackage", "version": 6, "params": {"path": package}},
        {"action": "findNotes", "version": 6, "params": {"query": QUERY}},
        {"action": "notesInfo", "version": 6, "params": {"notes": note_ids}},
    ]


def test_the_key_is_sent_only_when_given(fastapi_bank: Path, tmp_path: Path, anki: AnkiClient):
    out = str(tmp_path / "dist")
    with running_standin(anki.col, api_key="s3cret") as standin:
        result = push(str(fastapi_bank), "--out", out, "--url", standin.url,
                      env={"ANKI_CONNECT_KEY": "s3cret"})
        assert result.exit_code == 0, result.output
        assert {body["key"] for body in bodies(standin)} == {"s3cret"}
    with running_standin(anki.col) as standin:
        assert push(str(fastapi_bank), "--out", out, "--url", standin.url).exit_code == 0
        assert not any("key" in body for body in bodies(standin))


def test_the_url_can_come_from_the_environment(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn
):
    result = push(str(fastapi_bank), "--out", str(tmp_path / "d"),
                  env={"ANKI_CONNECT_URL": standin.url})
    assert result.exit_code == 0, result.output
    assert len(standin.requests) == 5


def test_an_edit_updates_one_note_keeps_history_and_makes_no_copy(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    out = str(tmp_path / "dist")
    stock_note_types = len(anki.col.models.all_names_and_ids())
    assert push(str(fastapi_bank), "--out", out, "--url", standin.url).exit_code == 0
    assert anki.review(DECK, 4) == 4
    history = anki.review_log()
    scheduling = anki.scheduling_snapshot()

    text = fastapi_bank.read_text()
    fastapi_bank.write_text(text.replace("when should you use it?", "when is it worth it?", 1))
    result = push(str(fastapi_bank), "--out", out, "--url", standin.url)

    assert result.stdout == pushed_line(Path(out), 0, 1, 4, 0) + "\n"
    assert anki.review_log() == history
    assert anki.scheduling_snapshot() == scheduling
    assert len(anki.notes()) == 5
    assert len(anki.col.models.all_names_and_ids()) == stock_note_types + 1
    assert any("when is it worth it?" in note.fields[0] for note in anki.notes())


def test_a_removed_question_is_counted_as_tagged_removed(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    out = str(tmp_path / "dist")
    assert push(str(fastapi_bank), "--out", out, "--url", standin.url).exit_code == 0
    text = fastapi_bank.read_text()
    start = text.index("  - id: framework-comparison")
    fastapi_bank.write_text(text[:start])
    result = push(str(fastapi_bank), "--out", out, "--url", standin.url)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == pushed_line(Path(out), 0, 1, 4, 1)
    assert lines[1].startswith("  removed from the bank: framework-comparison.")
    assert len(anki.notes("tag:bank::removed")) == 1


def test_after_a_push_a_manual_import_of_the_same_package_changes_nothing(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    out = tmp_path / "dist"
    assert push(str(fastapi_bank), "--out", str(out), "--url", standin.url).exit_code == 0
    anki.review(DECK, 3)
    fastapi_bank.write_text(fastapi_bank.read_text().replace("use it?", "reach for it?", 1))
    assert push(str(fastapi_bank), "--out", str(out), "--url", standin.url).exit_code == 0
    before = _everything(anki)

    counts = anki.import_package(out / PACKAGE)

    # Anki logs the notes it found present and left alone as "duplicate".
    assert (counts.new, counts.updated, counts.duplicate) == (0, 0, 5)
    assert _everything(anki) == before


def test_a_bank_with_problems_is_not_pushed_and_the_others_are(
    fastapi_bank: Path, write_bank, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    broken = write_bank("deck:\n  id: broken\n  name: Broken\nquestions: []\n", "broken.yaml")
    result = push(str(fastapi_bank), str(broken), "--out", str(tmp_path / "d"),
                  "--url", standin.url)
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr
    assert result.stdout == pushed_line(tmp_path / "d", 5, 0, 0, 0) + "\n"
    assert not (tmp_path / "d" / "broken.apkg").exists()


# Every failure: a message saying what to do, exit 1, no traceback, nothing imported.


def failure(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.stderr


def test_anki_not_running(fastapi_bank: Path, tmp_path: Path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    out = tmp_path / "dist"
    message = failure(push(str(fastapi_bank), "--out", str(out), "--url", url))
    assert message.splitlines() == [
        f"error: nothing answers at {url}: open Anki with the AnkiConnect add-on installed "
        "(Tools > Add-ons > Get Add-ons..., code 2055492159, then restart Anki)",
        f"  not pushed: {out / PACKAGE}; import it by hand in Anki with File > Import",
    ]
    assert (out / PACKAGE).is_file()


class _Foreign:
    """Something that is not AnkiConnect on a port: a web page, or an HTTP error."""

    def __init__(self, status: int, body: bytes):
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 0.05
        self.thread = threading.Thread(target=self.server.handle_request, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *_: object) -> None:
        self.thread.join(5)
        self.server.server_close()


@pytest.mark.parametrize(
    ("status", "body", "said"),
    [
        (200, b"<html><body>It works!</body></html>", "its answer is not AnkiConnect's JSON"),
        (200, b'{"ok": true}', "its answer is not AnkiConnect's JSON"),
        (404, b"not found", "(HTTP 404)"),
    ],
)
def test_something_else_on_the_port(
    fastapi_bank: Path, tmp_path: Path, status: int, body: bytes, said: str
):
    with _Foreign(status, body) as url:
        message = failure(push(str(fastapi_bank), "--out", str(tmp_path / "d"), "--url", url))
    assert f"error: something other than AnkiConnect answers at {url} " in message
    assert said in message


def test_an_ankiconnect_older_than_version_6(fastapi_bank: Path, tmp_path: Path, anki):
    with running_standin(anki.col, api_version=5) as standin:
        message = failure(push(str(fastapi_bank), "--out", str(tmp_path / "d"),
                               "--url", standin.url))
    assert "speaks version 5 of its protocol; push needs version 6 or later" in message
    assert anki.notes() == []


@pytest.mark.parametrize(
    ("configured", "given", "said"),
    [
        ("s3cret", None, "asks for an API key: give the apiKey of its config"),
        ("s3cret", "wrong", "refused the API key given"),
        (None, "", "refused the API key given"),
    ],
)
def test_an_api_key_missing_or_wrong(
    fastapi_bank: Path, tmp_path: Path, anki, configured, given, said
):
    key = [] if given is None else ["--api-key", given]
    with running_standin(anki.col, api_key=configured) as standin:
        message = failure(push(str(fastapi_bank), "--out", str(tmp_path / "d"),
                               "--url", standin.url, *key))
    assert said in message
    assert anki.notes() == []


def test_no_profile_open(fastapi_bank: Path, tmp_path: Path):
    with running_standin(None) as standin:
        message = failure(push(str(fastapi_bank), "--out", str(tmp_path / "d"),
                               "--url", standin.url))
    assert message.startswith(
        "error: Anki has no profile open: choose a profile in Anki's profile window"
    )


def test_the_importers_own_message_is_relayed(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki: AnkiClient
):
    standin.before_import = lambda path: Path(path).write_bytes(b"not a zip")
    message = failure(push(str(fastapi_bank), "--out", str(tmp_path / "d"), "--url", standin.url))
    assert message.startswith("error: Anki could not import the package: ")
    assert "Zip" in message.splitlines()[0]
    assert anki.notes() == []


def test_anki_busy_with_a_dialog(fastapi_bank: Path, tmp_path: Path, standin: StandIn, anki):
    with standin.hold():
        message = failure(push(str(fastapi_bank), "--out", str(tmp_path / "d"),
                               "--url", standin.url, "--timeout", "0.3"))
    assert message.startswith(
        "error: Anki did not answer within 0.3 seconds (AnkiConnect answers on Anki's main "
        "window, so an open dialog"
    )
    assert [json.loads(r.split(b"\r\n\r\n")[1])["action"] for r in standin.requests] == [
        "version"
    ]
    assert anki.notes() == []


def test_a_remote_url_is_refused_without_remote(fastapi_bank: Path, tmp_path: Path):
    out = tmp_path / "dist"
    message = failure(push(str(fastapi_bank), "--out", str(out), "--url", "http://192.0.2.7:8765"))
    assert message.startswith("error: --url http://192.0.2.7:8765 is not this machine.")
    assert "Pass --remote" in message
    assert not out.exists()


@pytest.mark.parametrize("url", ["ftp://127.0.0.1", "http://127.0.0.1:8765/path", "localhost"])
def test_a_malformed_url_is_wrong_usage(fastapi_bank: Path, tmp_path: Path, url: str):
    result = push(str(fastapi_bank), "--out", str(tmp_path / "d"), "--url", url)
    assert result.exit_code == 2
    assert "--url" in result.stderr


@pytest.mark.parametrize(
    ("url", "loopback"),
    [("http://localhost:8765", True), ("http://127.1.2.3:1", True), ("http://[::1]:8765", True),
     ("http://10.0.0.2:8765", False), ("http://anki.example:8765", False)],
)
def test_what_counts_as_this_machine(url: str, loopback: bool):
    from generator.ankiconnect import parse_url

    assert parse_url(url).is_loopback is loopback


def test_only_the_given_address_is_contacted(
    fastapi_bank: Path, tmp_path: Path, standin: StandIn, monkeypatch: pytest.MonkeyPatch
):
    contacted = []
    connect = socket.socket.connect

    def record(self: socket.socket, address: object) -> None:
        contacted.append(address)
        connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", record)
    proxy = "http://127.0.0.1:9"  # A proxy in the environment is not used either.
    env = {"http_proxy": proxy, "HTTP_PROXY": proxy, "all_proxy": proxy}
    result = push(str(fastapi_bank), "--out", str(tmp_path / "d"), "--url", standin.url, env=env)
    assert result.exit_code == 0, result.output
    port = int(standin.url.rsplit(":", 1)[1])
    assert set(contacted) == {("127.0.0.1", port)}
    assert len(contacted) == len(standin.requests)


def test_help_explains_the_command():
    result = CliRunner().invoke(cli, ["push", "--help"])
    assert "AnkiConnect" in result.output
    assert re.search(r"ANKI_CONNECT_URL", result.output)
    assert "ANKI_CONNECT_KEY" in result.output


def _everything(anki: AnkiClient) -> tuple:
    """Notes (with their modification times), cards, review log and note types."""
    notes = [(note.id, note.guid, note.mod, tuple(note.fields), tuple(note.tags))
             for note in anki.notes()]
    note_types = sorted((m.id, m.name) for m in anki.col.models.all_names_and_ids())
    return notes, anki.scheduling_snapshot(), anki.review_log(), note_types


def test_make_push_pushes_every_bank(
    project: Path, standin: StandIn, anki: AnkiClient, monkeypatch: pytest.MonkeyPatch
):
    (project / "decks").mkdir()
    shutil.copy(FASTAPI_BANK, project / "decks")
    monkeypatch.setenv("ANKI_CONNECT_URL", standin.url)
    result = run_make(project, "push")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == pushed_line(Path("dist"), 5, 0, 0, 0)
    assert len(anki.notes(QUERY)) == 5
