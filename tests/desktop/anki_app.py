"""The real Anki desktop (aqt) under a virtual X server, driven by real X input.

`AnkiDesktop.start()` prepares a fresh base folder (a profile that skips the
first-run dialogs, the driver add-on), starts Xvfb and Anki (`anki -b DIR`),
and waits for the add-on's socket. The add-on reads the page and maps page
coordinates to the screen; every click and key press is sent with xdotool.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ADDON_SOURCE = Path(__file__).parent / "driver_addon"
ADDON_NAME = "mcq_test_driver"
PROFILE = "User 1"
SCREEN = (1280, 1024)
WINDOW = (1100, 960)
START_TIMEOUT_S = 120
XDOTOOL_DELAY_MS = 30

# What the tests need on the machine, and the Debian packages that provide it.
TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool"}


class DesktopError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def prepare_base(base: Path, port_file: Path) -> None:
    """A base folder as after Anki's first run: language chosen, one profile, no update checks."""
    from aqt.profiles import ProfileManager

    manager = ProfileManager(ProfileManager.get_created_base_folder(str(base)))
    manager.setupMeta()
    manager.setLang("en_US")
    manager.set_update_check(False)
    manager.set_check_for_addon_updates(False)
    manager.create(PROFILE)
    manager.load(PROFILE)
    manager.save()
    addon = base / "addons21" / ADDON_NAME
    shutil.copytree(ADDON_SOURCE, addon, ignore=shutil.ignore_patterns("__pycache__"))
    (addon / "config.json").write_text(json.dumps({"port_file": str(port_file)}))


def poll(check: Callable[[], Any], timeout: float, what: str) -> Any:
    """The first truthy value `check()` returns within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise DesktopError(f"timed out waiting for {what}")
        time.sleep(0.1)
    return value


class AnkiDesktop:
    def __init__(self, workdir: Path, log_dir: Path):
        self.workdir = workdir
        self.log_dir = log_dir
        self.base = workdir / "anki-base"
        self.port_file = workdir / "driver-port"
        self.display = ""
        self._xvfb: subprocess.Popen | None = None
        self._anki: subprocess.Popen | None = None
        self._stream = None

    # Starting and stopping

    def start(self) -> None:
        prepare_base(self.base, self.port_file)
        self._start_xvfb()
        env = {
            **os.environ,
            "DISPLAY": self.display,
            "QT_QPA_PLATFORM": "xcb",
            "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
            "ANKI_NOHIGHDPI": "1",
            "QT_SCALE_FACTOR": "1",
            # Anki hands its arguments to a running instance of the same key and
            # exits: a key of our own keeps parallel runs and a learner's Anki apart.
            "ANKI_SINGLE_INSTANCE_KEY": f"mcq-anki-tests-{os.getpid()}-{id(self)}",
        }
        env.pop("WAYLAND_DISPLAY", None)
        log = (self.log_dir / "anki.log").open("w")
        self._anki = subprocess.Popen(
            [sys.executable, "-c", "import aqt, sys; sys.exit(aqt.run())",
             "-b", str(self.base), "-p", PROFILE],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._connect()

    def _start_xvfb(self) -> None:
        read_end, write_end = os.pipe()
        width, height = SCREEN
        self._xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp"],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=(self.log_dir / "xvfb.log").open("w"),
            start_new_session=True,
        )
        os.close(write_end)
        with os.fdopen(read_end) as display:
            number = display.readline().strip()
        if not number:
            raise DesktopError("Xvfb did not start: see xvfb.log")
        self.display = f":{number}"

    def _connect(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.port_file.exists():
            if self._anki.poll() is not None:
                raise DesktopError(f"Anki exited with {self._anki.returncode}: see anki.log")
            if time.monotonic() > deadline:
                raise DesktopError(f"Anki's profile did not open in {START_TIMEOUT_S} s")
            time.sleep(0.2)
        port = int(self.port_file.read_text())
        connection = socket.create_connection(("127.0.0.1", port), timeout=90)
        self._stream = connection.makefile("rw", encoding="utf-8")

    def stop(self) -> None:
        if self._stream is not None and self._anki.poll() is None:
            try:
                self.call("quit")
                self._anki.wait(timeout=30)
            except (OSError, DesktopError, subprocess.TimeoutExpired):
                pass
        for process in (self._anki, self._xvfb):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    # Commands to the add-on

    def call(self, command: str, **arguments: Any) -> Any:
        self._stream.write(json.dumps({"command": command, **arguments}) + "\n")
        self._stream.flush()
        line = self._stream.readline()
        if not line:
            raise DesktopError(f"Anki closed the connection during {command!r}")
        answer = json.loads(line)
        if "error" in answer:
            raise DesktopError(f"{command}: {answer['error']}")
        return answer["ok"]

    def js(self, script: str) -> Any:
        """The value of a JavaScript expression in the reviewer's page."""
        return self.call("eval", js=script)["result"]

    def wait_for(self, script: str, timeout: float = 20, what: str = "") -> Any:
        """The first truthy value of a JavaScript expression in the reviewer's page."""
        return poll(lambda: self.js(script), timeout, what or script)

    def wait_until_settled(self, timeout: float = 20) -> None:
        """Until the main window's page has loaded (after a change of screen)."""
        poll(lambda: self.call("page_settled")["settled"], timeout, "Anki's main web view")

    def wait_until_active(self, timeout: float = 10) -> None:
        """Until Anki's main window is the active one (after another window closed)."""

        def active() -> bool:
            if self.call("state")["active"]:
                return True
            self.call("activate_main_window")
            return False

        poll(active, timeout, "Anki's main window to become active")

    # Real X input

    def xdotool(self, *arguments: str) -> None:
        subprocess.run(
            ["xdotool", *arguments],
            env={**os.environ, "DISPLAY": self.display},
            check=True,
            capture_output=True,
        )

    def click_element(self, selector: str) -> None:
        """Move the real mouse to the middle of the element and click it."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " if (!e) return null; e.scrollIntoView({block: 'center'});"
            " const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        if box is None:
            raise DesktopError(f"nothing to click: {selector}")
        point = self.call("screen_point", x=box[0], y=box[1])
        # One xdotool call: the X server takes the move, then the click, in order.
        # (`--sync` would wait for ever when the pointer is already there.)
        self.xdotool("mousemove", str(point["x"]), str(point["y"]), "click", "1")

    def press(self, *keys: str) -> None:
        """Real key presses (xdotool key names: `j`, `space`, `Return`, `Down`...)."""
        self.xdotool("key", "--delay", str(XDOTOOL_DELAY_MS), *keys)

    def screenshot(self, path: Path) -> None:
        self.call("screenshot", path=str(path))
