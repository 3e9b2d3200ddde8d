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
from click.testing import CliRunner

from generator.cli import cli
from tests.anki_client import AnkiClient
from tests.ankiconnect_standin import StandIn, running_standin
from tests.conftest import FASTAPI_BANK, run_make
from tests.push_support import DECK, PACKAGE, QUERY, push, pushed_line


@pytest.fixture
def standin(anki: AnkiClient) -> Iterator[StandIn]:
    """AnkiConnect, as the add-on answers, over the learner's collection."""
    with running_standin(anki.col) as server:
        yield server


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
