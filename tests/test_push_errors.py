"""`push` when it cannot push: one message saying what to do, exit 1, no traceback,
nothing imported. Anki's side is the AnkiConnect stand-in (tests/ankiconnect_standin.py).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.anki_client import AnkiClient
from tests.ankiconnect_standin import StandIn, running_standin
from tests.push_support import PACKAGE, push


@pytest.fixture
def standin(anki: AnkiClient) -> Iterator[StandIn]:
    with running_standin(anki.col) as server:
        yield server


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
        # Long enough for the build that comes before the request, on a busy machine.
        self.server.timeout = 30
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
