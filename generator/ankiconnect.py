"""A client for AnkiConnect, the Anki add-on that takes requests over HTTP.

Only the actions `push` uses, in AnkiConnect's protocol version 6: a POST of
`{"action": ..., "version": 6, "params": {...}}` (and `"key"` only when one
is given: the add-on refuses any key, even "", when it has none configured),
answered with HTTP 200 and `{"result": ..., "error": ...}`, errors included.

Only the given address is contacted: the request goes through `http.client`,
which, unlike `urllib`, never takes a proxy from the environment. Every
failure becomes an `AnkiConnectError` whose message tells the author what to
do. The add-on runs each request on Anki's main thread, so an open dialog
holds every request: a time limit turns that into a message, not a hang.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
DEFAULT_TIMEOUT_S = 30.0
ADDON_CODE = "2055492159"
INSTALL_HINT = (
    f"open Anki with the AnkiConnect add-on installed (Tools > Add-ons > Get Add-ons..., "
    f"code {ADDON_CODE}, then restart Anki)"
)
# The add-on's own words for these (its source: `handler` and `collection`).
_KEY_REFUSED = "valid api key must be provided"
_NO_COLLECTION = "collection is not available"
_SHOWN_OF_A_FOREIGN_ANSWER = 60
_POINT_AT_ANKICONNECT = (
    f"point --url at AnkiConnect's address, {DEFAULT_URL} unless its config says otherwise"
)


class AnkiConnectError(Exception):
    """AnkiConnect could not do what was asked; the message says why and what to do."""


@dataclass(frozen=True)
class Endpoint:
    """Where AnkiConnect listens, checked to be a plain http(s) address."""

    url: str
    scheme: str
    host: str
    port: int

    @property
    def is_loopback(self) -> bool:
        """Whether the address is this machine, judged without asking any name server."""
        if self.host.lower() == "localhost":
            return True
        # Imported here: the command line imports this module at every start, for
        # `push` and `watch` alone.
        import ipaddress

        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_url(url: str) -> Endpoint:
    """The endpoint at `url`, or ValueError saying what is wrong with it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// address such as {DEFAULT_URL}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{url!r}: AnkiConnect listens at an address with no path, like "
                         f"{DEFAULT_URL}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValueError(f"{url!r} has no valid port number") from None
    return Endpoint(url=url, scheme=parts.scheme, host=parts.hostname, port=port)


def request_body(action: str, params: dict[str, Any], key: str | None) -> bytes:
    """The JSON AnkiConnect expects: `key` only when one is given."""
    request: dict[str, Any] = {"action": action, "version": API_VERSION, "params": params}
    if key is not None:
        request["key"] = key
    return json.dumps(request).encode("utf-8")


class AnkiConnect:
    """One AnkiConnect at `endpoint`; each call is one request, in the add-on's protocol."""

    def __init__(
        self, endpoint: Endpoint, key: str | None = None, timeout: float = DEFAULT_TIMEOUT_S
    ):
        self.endpoint = endpoint
        self.key = key
        self.timeout = timeout

    def check(self) -> int:
        """AnkiConnect's version, once it is known to be 6 or later and to accept our key.

        `version` answers before a profile is open, so this does not need one.
        """
        version = self._invoke("version", {}, version_reply=True)
        if not isinstance(version, int) or isinstance(version, bool):
            raise self._foreign(json.dumps(version))
        if version < API_VERSION:
            raise AnkiConnectError(
                f"the AnkiConnect at {self.endpoint.url} speaks version {version} of its "
                f"protocol; push needs version {API_VERSION} or later: update the add-on "
                "(Tools > Add-ons, select AnkiConnect, Check for Updates) and restart Anki"
            )
        return version

    def find_notes(self, query: str) -> list[int]:
        return self._invoke("findNotes", {"query": query})

    def notes_info(self, note_ids: list[int]) -> list[dict[str, Any]]:
        return self._invoke("notesInfo", {"notes": note_ids})

    def import_package(self, path: str) -> None:
        """Import the package at `path`, a path on the disk of the machine Anki runs on."""
        if self._invoke("importPackage", {"path": path}) is not True:
            # The add-on answers false when no collection is open.
            raise self._no_profile()

    def _invoke(self, action: str, params: dict[str, Any], version_reply: bool = False) -> Any:
        body = request_body(action, params, self.key)
        status, answer = self._post(body, action)
        if status != 200:
            raise AnkiConnectError(
                f"something other than AnkiConnect answers at {self.endpoint.url} "
                f"(HTTP {status}); {_POINT_AT_ANKICONNECT}"
            )
        try:
            reply = json.loads(answer)
        except (UnicodeDecodeError, ValueError):
            raise self._foreign(answer.decode("utf-8", "replace")) from None
        if version_reply and not isinstance(reply, dict):
            return reply  # An AnkiConnect of version 4 or older answers with the bare result.
        if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
            raise self._foreign(answer.decode("utf-8", "replace"))
        if reply["error"] is not None:
            raise self._refused(action, str(reply["error"]))
        return reply["result"]

    def _post(self, body: bytes, action: str) -> tuple[int, bytes]:
        # Imported here: the command line reads this module's defaults for `--help`,
        # and http.client (with the email and ssl modules it loads) is 20 ms of that.
        import http.client

        connection_type = (
            http.client.HTTPSConnection
            if self.endpoint.scheme == "https"
            else http.client.HTTPConnection
        )
        connection = connection_type(self.endpoint.host, self.endpoint.port, timeout=self.timeout)
        try:
            connection.request(
                "POST", "/", body=body, headers={"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            return response.status, response.read()
        except ConnectionRefusedError:
            raise AnkiConnectError(
                f"nothing answers at {self.endpoint.url}: {INSTALL_HINT}"
            ) from None
        except TimeoutError:
            raise AnkiConnectError(self._timed_out(action)) from None
        except http.client.HTTPException as error:
            raise self._foreign(f"not HTTP ({type(error).__name__})") from None
        except OSError as error:
            raise AnkiConnectError(
                f"cannot reach {self.endpoint.url}: {error.strerror or error}"
            ) from None
        finally:
            connection.close()

    def _timed_out(self, action: str) -> str:
        waited = f"Anki did not answer within {self.timeout:g} seconds"
        cause = (
            "AnkiConnect answers on Anki's main window, so an open dialog (a message box, "
            "the Add-ons or Preferences window, a running sync) holds every request"
        )
        if action == "importPackage":
            return (
                f"{waited} to import the package ({cause}; a large deck may also need a longer "
                "--timeout). Anki may still import it once it is free: check Anki, then push "
                "again, which changes nothing that is already imported"
            )
        return f"{waited} ({cause}): close it and push again"

    def _refused(self, action: str, message: str) -> AnkiConnectError:
        if message == _KEY_REFUSED:
            if self.key is None:
                return AnkiConnectError(
                    f"the AnkiConnect at {self.endpoint.url} asks for an API key: give the "
                    "apiKey of its config (Tools > Add-ons, AnkiConnect, Config) with "
                    "--api-key or ANKI_CONNECT_KEY"
                )
            return AnkiConnectError(
                f"the AnkiConnect at {self.endpoint.url} refused the API key given: it is not "
                "the apiKey of its config (Tools > Add-ons, AnkiConnect, Config), or that "
                "config has none, and then no key may be given"
            )
        if message == _NO_COLLECTION:
            return self._no_profile()
        if action == "importPackage":
            return AnkiConnectError(f"Anki could not import the package: {message}")
        return AnkiConnectError(f"AnkiConnect refused {action}: {message}")

    def _no_profile(self) -> AnkiConnectError:
        return AnkiConnectError(
            "Anki has no profile open: choose a profile in Anki's profile window "
            "(File > Switch Profile), then push again"
        )

    def _foreign(self, answer: str) -> AnkiConnectError:
        shown = " ".join(answer.split())
        if len(shown) > _SHOWN_OF_A_FOREIGN_ANSWER:
            shown = shown[: _SHOWN_OF_A_FOREIGN_ANSWER - 1] + "…"
        return AnkiConnectError(
            f"something other than AnkiConnect answers at {self.endpoint.url} (its answer is "
            f"not AnkiConnect's JSON: {shown!r}); {_POINT_AT_ANKICONNECT}"
        )
