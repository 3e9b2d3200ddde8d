"""A stand-in for the AnkiConnect add-on, on 127.0.0.1, backed by the real `anki` package.

The add-on itself runs only inside Anki desktop and is installed from
AnkiWeb, which the project's machines do not reach. This server answers the
actions `push` uses as the add-on's source (FooSoft/anki-connect,
plugin/__init__.py and plugin/web.py) does, written afresh from reading it:

- every answer is HTTP 200 with `Content-Type: application/json`, a body of
  `{"result": ..., "error": ...}` (errors included; the bare result for a
  request of version 4 or older), and the connection closed after it; an
  empty body gets the text `AnkiConnect v.6`;
- the key check comes first: a request whose `key` differs from the
  configured one (None when there is none, so even `""` is refused) gets
  "valid api key must be provided";
- `version` answers without a collection; the others need one and answer
  "collection is not available" when no profile is open;
- `importPackage` makes the add-on's call, `anki.importing.AnkiPackageImporter
  (collection, path).run()`, which in Anki 26.9 is `Collection.import_anki_package`
  with the legacy importer's options;
- `notesInfo` gives `noteId`, `tags`, `fields` (`{name: {value, order}}`),
  `modelName` and `cards`, and `{}` for a note that does not exist.

Requests are answered one at a time, as on Anki's main thread; `hold()`
keeps them waiting, as an open modal dialog does.
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from anki.collection import Collection
from anki.errors import NotFoundError

ANKICONNECT_VERSION = 6
LIFETIME_S = 600.0
"""The server stops by itself after this long, whatever the test does."""
HOLD_LIMIT_S = 30.0


class AddonError(Exception):
    """An error the add-on reports as `{"result": null, "error": str(error)}`."""


class StandIn:
    def __init__(
        self,
        collection: Collection | None,
        *,
        api_key: str | None = None,
        api_version: int = ANKICONNECT_VERSION,
    ):
        self.collection = collection
        self.api_key = api_key
        self.api_version = api_version
        self.before_import: Callable[[str], None] | None = None
        """Called with the path before each import: a test's way to spoil the package."""
        self.requests: list[bytes] = []
        """Every request as the bytes that arrived."""
        self.imports: list[tuple[str, float]] = []
        """Each package imported, with the monotonic time its import finished."""
        self._released = threading.Event()
        self._released.set()
        self._stopped = threading.Event()
        self._server = socketserver.TCPServer(("127.0.0.1", 0), self._handler_class())
        self._server.timeout = 0.05
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._released.set()
        self._thread.join(timeout=10)
        self._server.server_close()

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Answer nothing until the block ends, as while a modal dialog is open in Anki."""
        self._released.clear()
        try:
            yield
        finally:
            self._released.set()

    def _serve(self) -> None:
        deadline = time.monotonic() + LIFETIME_S
        while not self._stopped.is_set() and time.monotonic() < deadline:
            self._server.handle_request()

    def _handler_class(self) -> type[socketserver.BaseRequestHandler]:
        standin = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                request = _read_request(self.request)
                if request is None:
                    return
                standin.requests.append(request)
                standin._released.wait(HOLD_LIMIT_S)
                body = standin.answer(request.split(b"\r\n\r\n", 1)[1])
                self.request.sendall(_response(body))

        return Handler

    def answer(self, body: bytes) -> bytes:
        """The add-on's answer to one request body."""
        if not body:
            return f"AnkiConnect v.{ANKICONNECT_VERSION}".encode()
        try:
            request = json.loads(body.decode("utf-8"))
            _validate(request)
        except ValueError as error:
            return json.dumps({"result": None, "error": str(error)}).encode()
        version = request.get("version", 4)
        try:
            if request.get("key") != self.api_key:
                raise AddonError("valid api key must be provided")
            action = {
                "version": self.version,
                "findNotes": self.findNotes,
                "notesInfo": self.notesInfo,
                "importPackage": self.importPackage,
            }.get(request["action"])
            if action is None:
                raise AddonError("unsupported action")
            result = action(**request.get("params", {}))
            reply: Any = result if version <= 4 else {"result": result, "error": None}
        except Exception as error:  # The add-on relays every error, whatever its kind.
            reply = {"result": None, "error": str(error)}
        return json.dumps(reply).encode("utf-8")

    # The actions, named as the add-on names them.

    def version(self) -> int:
        return self.api_version

    def findNotes(self, query: str | None = None) -> list[int]:  # noqa: N802
        if query is None:
            return []
        return [int(note_id) for note_id in self._collection().find_notes(query)]

    def notesInfo(self, notes: list[int]) -> list[dict[str, Any]]:  # noqa: N802
        collection = self._collection()
        result: list[dict[str, Any]] = []
        for note_id in notes:
            try:
                note = collection.get_note(note_id)
            except NotFoundError:
                result.append({})
                continue
            model = note.note_type()
            result.append(
                {
                    "noteId": note.id,
                    "tags": note.tags,
                    "fields": {
                        field["name"]: {"value": note.fields[field["ord"]], "order": field["ord"]}
                        for field in model["flds"]
                    },
                    "modelName": model["name"],
                    "cards": collection.db.list(
                        "select id from cards where nid = ? order by ord", note.id
                    ),
                }
            )
        return result

    def importPackage(self, path: str) -> bool:  # noqa: N802
        collection = self._collection()
        if self.before_import is not None:
            self.before_import(path)
        # Anki prints that the name is deprecated: the add-on uses it all the same.
        with contextlib.redirect_stdout(io.StringIO()):
            from anki.importing import AnkiPackageImporter

            AnkiPackageImporter(collection, path).run()
        self.imports.append((path, time.monotonic()))
        return True

    def _collection(self) -> Collection:
        if self.collection is None:
            raise AddonError("collection is not available")
        return self.collection


def _validate(request: Any) -> None:
    """The add-on's request schema: an object with a non-empty string `action`."""
    if not isinstance(request, dict):
        raise ValueError(f"{request!r} is not of type 'object'")
    action = request.get("action")
    if not isinstance(action, str) or not action:
        raise ValueError("'action' is a required property")
    if "version" in request and not isinstance(request["version"], int):
        raise ValueError(f"{request['version']!r} is not of type 'integer'")
    if "params" in request and not isinstance(request["params"], dict):
        raise ValueError(f"{request['params']!r} is not of type 'object'")


def _read_request(sock: socket.socket) -> bytes | None:
    """One request, headers and body (by its Content-Length), or None if the client left."""
    sock.settimeout(5.0)
    data = b""
    with contextlib.suppress(OSError):
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, body = data.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b": ")
            if name.lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            body += chunk
        return head + b"\r\n\r\n" + body
    return None


def _response(body: bytes) -> bytes:
    headers = [
        "HTTP/1.1 200 OK",
        "Content-Type: application/json",
        "Access-Control-Allow-Origin: http://localhost",
        "Access-Control-Allow-Headers: *",
        f"Content-Length: {len(body)}",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


@contextlib.contextmanager
def running_standin(collection: Collection | None, **options: Any) -> Iterator[StandIn]:
    """A stand-in on a free port of 127.0.0.1, over `collection` (None: no profile open)."""
    standin = StandIn(collection, **options).start()
    try:
        yield standin
    finally:
        standin.stop()
