"""The commands that read banks: `build`, `check` and `preview`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.options import banks_argument, limit_options, out_dir_option, strict_option
from generator.cli.report import (
    progress_bar,
    report_checked,
    report_error,
    report_removed,
    report_warnings,
    summarise,
)
from generator.printable import counted, printable

if TYPE_CHECKING:
    from generator.limits import Limits


@click.command()
@banks_argument
@out_dir_option("dist", ".apkg files")
@limit_options
@click.option(
    "--make-deps",
    is_flag=True,
    help="Also write OUT/<bank name>.d: a makefile rule making the .apkg depend on "
    "the images and sounds the bank uses, for `include` (the Makefile uses it).",
)
@strict_option
def build(
    banks: tuple[Path, ...], out_dir: Path, limits: Limits, make_deps: bool, strict: bool
) -> None:
    """Build each BANK into OUT/<bank name>.apkg.

    Also updates the bank's lock file (<bank name>.lock.json, beside it),
    which records when each question last changed: commit it with the bank.
    Nothing is written for a bank with problems; every problem is listed.
    Banks that claim the same deck id or note GUIDs are not built.
    Item-writing warnings (see `check --help`) are listed too; with --strict,
    a bank that has any is not built.
    """
    from generator.pipeline import build_banks

    done = build_banks(
        banks,
        out_dir,
        limits,
        strict=strict,
        progress=lambda bank: progress_bar(f"Building {bank.name}"),
        make_deps=make_deps,
    )
    report_checked(done.checked)
    for outcome in done.outcomes:
        report_warnings(outcome.checked, strict)
        if outcome.result is None:
            report_error(str(outcome.error))
            continue
        result = outcome.result
        notes = len(result.bank.questions)
        click.echo(
            printable(
                f"{result.package}: {counted(notes, 'note')} in deck {result.bank.deck.name!r} "
                f"({len(result.changed)} changed since the last build)"
            )
        )
        report_removed(result)
    if done.failed:
        raise SystemExit(1)


@click.command()
@banks_argument
@limit_options
@strict_option
def check(banks: tuple[Path, ...], limits: Limits, strict: bool) -> None:
    """Validate each BANK, summarise what it holds, and warn of item-writing flaws.

    Writes nothing. Every problem is listed. For each valid bank: its
    questions, its tags with how many questions carry each, how often each
    letter is the correct one as the cards show them, how often the correct
    option is the longest, its cards, prompt, notes and silenced checks, and
    how many questions a learner picking by one cue alone gets right.

    Warnings (exit code still 0, or 1 with --strict) name cues that let a
    learner answer without knowing: the correct option the longest in most
    questions or far longer than the others, two options that read the same
    or nearly, "all/none of the above", a wrong option contained in the
    correct one, one letter correct for most questions, the correct option
    alone without absolute words, alone hedging or alone repeating the
    question's words, a NOT not set off, an "a"/"an" that some options do not
    fit; and code blocks a card will show without colours. `allow: [<check>]`
    on a question silences one check there. Banks given together are also checked against
    each other: no two may claim the same deck id or note GUIDs, or deck
    names Anki takes for one deck.
    """
    from generator.pipeline import check_banks

    checked = check_banks(banks, limits)
    report_checked(checked)
    for bank in checked.banks:
        summarise(bank)
        report_warnings(bank, strict)
    if checked.failed or (strict and any(bank.warnings for bank in checked.banks)):
        raise SystemExit(1)


@click.command()
@banks_argument
@out_dir_option("dist/preview", "pages")
@limit_options
def preview(banks: tuple[Path, ...], out_dir: Path, limits: Limits) -> None:
    """Write OUT/<bank name>.html: every card of each BANK, front and back, light and night.

    Open the page in a browser to check your cards without Anki. Cards are
    rendered by Anki's own renderer when the `anki` package is installed
    (`make preview` installs it), by a built-in one otherwise. Nothing else
    is written: the bank's lock file is left as it is.
    """
    from generator.pipeline import preview_banks

    done = preview_banks(banks, out_dir, limits)
    report_checked(done.checked)
    for outcome in done.outcomes:
        if outcome.result is None:
            report_error(str(outcome.error))
            continue
        preview = outcome.result.preview
        click.echo(
            printable(
                f"{outcome.result.page}: {counted(len(preview.cards), 'card')} of deck "
                f"{preview.bank.deck.name!r}, rendered by {preview.renderer}"
            )
        )
    if done.failed:
        raise SystemExit(1)
