"""An Anki add-on that lets the desktop tests drive the real app from outside.

Copied into `<base>/addons21/mcq_test_driver/` before Anki starts. When the
profile opens it listens on a free port of 127.0.0.1, which it writes to the
file that `config.json` beside it names, for one JSON command per line, and
answers each with one JSON line. The commands only set up and read the app
(import a deck, start a review, read the page, give screen coordinates, take
a screenshot); every action a learner takes is real X input sent by the tests
with xdotool.

Every JavaScript console message of every Anki web view is recorded.
"""

from __future__ import annotations

import json
import queue
import socket
import threading
import traceback
from pathlib import Path
from typing import Any

import aqt
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from aqt import gui_hooks
from aqt.qt import QPoint
from aqt.theme import Theme
from aqt.webview import AnkiWebPage

HERE = Path(__file__).parent
CONFIG = json.loads((HERE / "config.json").read_text(encoding="utf-8"))
REPLY_TIMEOUT_S = 60

console: list[dict[str, Any]] = []
_original_console_message = AnkiWebPage.javaScriptConsoleMessage


def _record_console_message(page, level, message, line, source) -> None:
    console.append(
        {
            "page": page._kind.value,
            "level": level.name,
            "message": message,
            "line": line,
            "source": source or "",
        }
    )
    _original_console_message(page, level, message, line, source)


AnkiWebPage.javaScriptConsoleMessage = _record_console_message


def _mw():
    assert aqt.mw is not None
    return aqt.mw


class Commands:
    """Each method answers one command by calling `reply` once, on Qt's main thread."""

    def ping(self, reply) -> None:
        reply({"version": aqt.appVersion, "state": _mw().state})

    def prepare_window(self, reply, width: int, height: int) -> None:
        mw = _mw()
        mw.resize(width, height)
        mw.move(0, 0)
        mw.raise_()
        mw.activateWindow()
        reply({})

    def activate_main_window(self, reply) -> None:
        _mw().activateWindow()
        reply({})

    def import_package(self, reply, path: str) -> None:
        request = ImportAnkiPackageRequest(package_path=path, options=ImportAnkiPackageOptions())
        log = _mw().col.import_anki_package(request).log
        reply({"new": len(log.new), "updated": len(log.updated)})

    def study(self, reply, deck: str, template: str) -> None:
        """Review `deck` from the top: its cards of `template` new again, in their first
        order; its other cards suspended."""
        mw = _mw()
        col = mw.col
        deck_id = col.decks.id_for_name(deck)
        if deck_id is None:
            raise LookupError(f"no deck named {deck!r}")
        card_ids = col.decks.cids(deck_id, children=True)
        studied = [id for id in card_ids if col.get_card(id).template()["name"] == template]
        others = sorted(set(card_ids) - set(studied))
        col.sched.unsuspend_cards(studied)
        if others:
            col.sched.suspend_cards(others)
        col.sched.schedule_cards_as_new(studied, restore_position=True, reset_counts=True)
        col.decks.select(deck_id)
        mw.moveToState("review")
        reply({"cards": len(studied)})

    def page_settled(self, reply) -> None:
        """Whether the main window's web view has loaded its page and run what was queued.

        Deck list, overview and reviewer share one web view; switching state again
        before its page has loaded can run the reviewer's script in the old page
        (a race no learner's hand is fast enough for).
        """
        web = _mw().web
        reply({"settled": web._domDone and not web._pendingActions})

    def state(self, reply) -> None:
        mw = _mw()
        reviewer = mw.reviewer
        card = reviewer.card if mw.state == "review" else None
        reply(
            {
                "main": mw.state,
                "reviewer": reviewer.state if mw.state == "review" else None,
                "card": card.id if card else None,
                "focus": type(mw.app.focusWidget()).__name__,
                "active": mw.isActiveWindow(),
            }
        )

    def eval(self, reply, js: str) -> None:
        _mw().reviewer.web.evalWithCallback(js, lambda result: reply({"result": result}))

    def screen_point(self, reply, x: float, y: float) -> None:
        """A point of the reviewer's page (CSS pixels) on the X screen."""
        web = _mw().reviewer.web
        zoom = web.zoomFactor()
        point = web.mapToGlobal(QPoint(round(x * zoom), round(y * zoom)))
        reply({"x": point.x(), "y": point.y()})

    def page_background(self, reply) -> None:
        """The colour the reviewer's page is painted on, under the page's own backgrounds."""
        colour = _mw().reviewer.web.page().backgroundColor()
        reply({"colour": f"rgb({colour.red()}, {colour.green()}, {colour.blue()})"})

    def set_night_mode(self, reply, night: bool) -> None:
        """As Preferences > Theme does: Anki's web views switch their classes in place."""
        _mw().set_theme(Theme.DARK if night else Theme.LIGHT)
        reply({"night": aqt.theme.theme_manager.night_mode})

    def screenshot(self, reply, path: str) -> None:
        _mw().grab().save(path)
        reply({"path": path})

    def close_other_windows(self, reply) -> None:
        """Close every window but the main one (a shortcut may have opened one)."""
        mw = _mw()
        closed = []
        for widget in mw.app.topLevelWidgets():
            if widget is not mw and widget.isVisible() and widget.isWindow():
                closed.append(type(widget).__name__)
                widget.close()
        mw.activateWindow()
        reply({"closed": closed})

    def console(self, reply) -> None:
        reply({"messages": console})

    def quit(self, reply) -> None:
        reply({})
        _mw().progress.single_shot(100, _mw().close, False)


class Server:
    """Reads commands on a socket thread; runs each on the main thread and waits for its reply."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.commands = Commands()

    def start(self, port_file: Path) -> None:
        threading.Thread(target=self._serve, daemon=True).start()
        written = port_file.with_suffix(".tmp")
        written.write_text(str(self.listener.getsockname()[1]), encoding="utf-8")
        written.replace(port_file)

    def _serve(self) -> None:
        while True:
            connection, _ = self.listener.accept()
            with connection, connection.makefile("rw", encoding="utf-8") as stream:
                for line in stream:
                    stream.write(json.dumps(self._answer(json.loads(line))) + "\n")
                    stream.flush()

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        replies: queue.Queue[dict[str, Any]] = queue.Queue()
        name = request.pop("command")

        def run() -> None:
            try:
                getattr(self.commands, name)(lambda value: replies.put({"ok": value}), **request)
            except Exception:
                replies.put({"error": traceback.format_exc()})

        _mw().taskman.run_on_main(run)
        try:
            return replies.get(timeout=REPLY_TIMEOUT_S)
        except queue.Empty:
            return {"error": f"no reply to {name!r} within {REPLY_TIMEOUT_S} s"}


def _on_profile_open() -> None:
    Server().start(Path(CONFIG["port_file"]))


gui_hooks.profile_did_open.append(_on_profile_open)
