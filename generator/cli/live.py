"""The live commands: `push` (build, then import into the running Anki) and `watch`.

Heavy modules are imported inside the commands, so `--help` stays fast.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.ankiconnect import DEFAULT_TIMEOUT_S, DEFAULT_URL
from generator.cli.options import banks_argument, limit_options, out_dir_option, strict_option
from generator.cli.report import report_checked, report_error, report_removed, report_warnings
from generator.printable import counted, printable

if TYPE_CHECKING:
    from generator.ankiconnect import AnkiConnect
    from generator.build import BuildResult
    from generator.limits import Limits
    from generator.pipeline import CheckedBank, Done
    from generator.push import PushCounts


@dataclass(frozen=True)
class AnkiAddress:
    """Where AnkiConnect is, as the options give it."""

    url: str
    api_key: str | None
    remote: bool
    timeout: float

    def connect(self) -> AnkiConnect:
        """A client for AnkiConnect; exits 2 on a malformed address, 1 on a remote one."""
        from generator.ankiconnect import AnkiConnect, parse_url

        try:
            endpoint = parse_url(self.url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--url") from None
        if not endpoint.is_loopback and not self.remote:
            click.echo(
                printable(
                    f"error: --url {self.url} is not this machine. AnkiConnect has Anki read "
                    "the package from Anki's own disk, at the path it has on this machine, so "
                    "a remote Anki can import it only if that path holds the same file there "
                    "(a shared folder); and the request, API key included, crosses the "
                    "network. Pass --remote to push there anyway."
                ),
                err=True,
            )
            raise SystemExit(1)
        return AnkiConnect(endpoint, self.api_key, self.timeout)


def anki_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """AnkiConnect's address as options, handed to the command as one `anki` argument."""

    @click.option(
        "--url",
        envvar="ANKI_CONNECT_URL",
        default=DEFAULT_URL,
        show_default=True,
        show_envvar=True,
        help="AnkiConnect's address.",
    )
    @click.option(
        "--api-key",
        envvar="ANKI_CONNECT_KEY",
        show_envvar=True,
        help="The apiKey of AnkiConnect's config, if it has one.",
    )
    @click.option(
        "--remote",
        is_flag=True,
        help="Allow a --url on another machine. Anki reads the package from its own "
        "disk, at this machine's path for it: that path must hold the same file there.",
    )
    @click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_TIMEOUT_S,
        show_default=True,
        help="Seconds to wait for each answer from Anki.",
    )
    @functools.wraps(command)
    def with_address(
        *args: Any, url: str, api_key: str | None, remote: bool, timeout: float, **kwargs: Any
    ) -> Any:
        return command(*args, anki=AnkiAddress(url, api_key, remote, timeout), **kwargs)

    return with_address


@click.command()
@banks_argument
@out_dir_option("dist", ".apkg files")
@anki_options
@limit_options
@strict_option
def push(
    banks: tuple[Path, ...],
    out_dir: Path,
    anki: AnkiAddress,
    limits: Limits,
    strict: bool,
) -> None:
    """Build each BANK, then import it into the running Anki through AnkiConnect.

    The build is `build`'s, with all its checks: a bank with problems is
    neither built nor pushed. The import is Anki's own, as File > Import
    does it, so review history is kept and no note is duplicated. For each
    bank, one line says how many of its notes in Anki are new, updated and
    unchanged, and how many are tagged bank::removed, as counted in Anki.

    Needs Anki running with the AnkiConnect add-on (Tools > Add-ons > Get
    Add-ons..., code 2055492159) and a profile open.
    """
    from generator.push import push_banks

    pushed = push_banks(banks, out_dir, anki.connect(), limits, strict=strict)
    _report_build(pushed.done, strict)
    for result, counts in pushed.pushed:
        _report_pushed(result, counts)
    if pushed.error is not None:
        report_error(pushed.error)
        for package in pushed.not_pushed:
            click.echo(
                printable(f"  not pushed: {package}; import it by hand in Anki with File > Import"),
                err=True,
            )
    if pushed.failed:
        raise SystemExit(1)


@click.command()
@banks_argument
@out_dir_option("dist", ".apkg files")
@click.option(
    "--preview-out",
    "preview_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist/preview"),
    show_default=True,
    help="Directory for the preview pages.",
)
@click.option("--push", "push_too", is_flag=True, help="Also push each rebuilt deck to Anki.")
@anki_options
@limit_options
@strict_option
def watch(
    banks: tuple[Path, ...],
    out_dir: Path,
    preview_dir: Path,
    push_too: bool,
    anki: AnkiAddress,
    limits: Limits,
    strict: bool,
) -> None:
    """Build each BANK and its preview page, then again whenever it changes.

    A change is a save of the bank, of its lock file, or of an image or
    sound it uses; a burst of saves makes one build. Each build rewrites
    OUT/<bank>.apkg and PREVIEW_OUT/<bank>.html (reload the page to see it);
    with --push, it also imports the deck into the running Anki, as `push`
    does. A bank with problems has them listed, and the watch goes on.
    Ctrl-C stops it.
    """
    from generator.pipeline import build_banks
    from generator.watch import watch_banks

    # The command line pauses the cycle collector for a run that ends soon;
    # a watch runs for hours, so it collects as usual.
    gc.enable()
    client = anki.connect() if push_too else None
    given = {Path(os.path.abspath(bank)): bank for bank in banks}

    def rebuild(changed: Sequence[Path]) -> dict[Path, Iterable[Path]]:
        done = build_banks(banks, out_dir, limits, strict=strict)
        _report_build(done, strict)
        to_show = {given[bank] for bank in changed}
        for outcome in done.outcomes:
            if outcome.result is not None and outcome.checked.path in to_show:
                _show_and_push(outcome.checked, outcome.result, preview_dir, client)
        return {
            Path(os.path.abspath(outcome.checked.path)): [
                path for file in outcome.checked.media.files for path in (file.path, file.source)
            ]
            for outcome in done.outcomes
            if outcome.result is not None
        }

    announced = False

    def watching() -> None:
        nonlocal announced
        if not announced:
            click.echo(f"watching {counted(len(given), 'bank')}; Ctrl-C to stop")
            announced = True

    try:
        watch_banks(list(given), rebuild, on_watching=watching)
    except KeyboardInterrupt:
        click.echo("stopped")


def _report_build(done: Done[BuildResult], strict: bool) -> None:
    """What went wrong in a build, and its warnings, as `build` prints them."""
    report_checked(done.checked)
    for outcome in done.outcomes:
        report_warnings(outcome.checked, strict)
        if outcome.error is not None:
            report_error(outcome.error)


def _report_pushed(result: BuildResult, counts: PushCounts) -> None:
    click.echo(
        printable(
            f"{result.package}: pushed to Anki, deck {result.bank.deck.name!r}: "
            f"{counts.summary()}"
        )
    )
    report_removed(result)


def _show_and_push(
    bank: CheckedBank, result: BuildResult, preview_dir: Path, anki: AnkiConnect | None
) -> None:
    from generator.ankiconnect import AnkiConnectError
    from generator.pipeline import preview_bank
    from generator.push import push_package

    now = time.strftime("%H:%M:%S")
    shown = preview_bank(bank, preview_dir)
    if shown.error is not None:
        report_error(shown.error)
    preview = f"preview {shown.result.page}" if shown.result else "no preview"
    click.echo(
        printable(
            f"{now} {result.package}: {counted(len(result.changed), 'note')} changed; {preview}"
        )
    )
    if anki is None:
        report_removed(result)
        return
    try:
        anki.check()
        _report_pushed(result, push_package(anki, result.package, result.bank))
    except AnkiConnectError as error:
        report_error(f"{error}; still watching")
