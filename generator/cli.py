"""The command line: a thin click layer over the library (`build`, `check`, `schema`, `preview`).

Exit codes: 0 success, 1 a bank is invalid or a build failed, 2 wrong usage.
Heavy modules are imported inside the commands, so `--help` stays fast.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import __version__
from generator.printable import counted, printable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from generator.bank import Bank
    from generator.banks import LoadedBanks
    from generator.itemwriting import ItemWarning
    from generator.media import MediaLimits
    from generator.stats import BankStats


DEFAULT_MAX_MB = 256

banks_argument = click.argument(
    "banks",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="BANK...",
)
max_mb_option = click.option(
    "--max-mb",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_MB,
    show_default=True,
    help="Refuse a bank file larger than this many megabytes, before parsing it.",
)
# Kept here rather than imported from generator.media, so that --help stays fast.
DEFAULT_MAX_MEDIA_MB = 10
DEFAULT_MAX_BANK_MEDIA_MB = 250


megabytes = click.FloatRange(min=0, min_open=True)
max_media_mb_option = click.option(
    "--max-media-mb",
    type=megabytes,
    default=DEFAULT_MAX_MEDIA_MB,
    show_default=True,
    help="Refuse an image or sound file larger than this many megabytes.",
)
max_bank_media_mb_option = click.option(
    "--max-bank-media-mb",
    type=megabytes,
    default=DEFAULT_MAX_BANK_MEDIA_MB,
    show_default=True,
    help="Refuse a bank whose images and sounds come to more than this many megabytes.",
)


def _load_and_report(
    banks: Sequence[Path], max_mb: int, limits: MediaLimits, *, to_one_directory: bool
) -> LoadedBanks:
    """Every bank loaded and checked against the others; each problem found is reported."""
    from generator.banks import load_banks

    loaded = load_banks(
        banks,
        max_bytes=max_mb * 1024 * 1024,
        to_one_directory=to_one_directory,
        media_limits=limits,
    )
    for problems in loaded.problem_groups:
        _report(problems)
    return loaded


def media_limits(max_media_mb: float, max_bank_media_mb: float) -> MediaLimits:
    from generator.media import MediaLimits

    return MediaLimits(int(max_media_mb * 1024 * 1024), int(max_bank_media_mb * 1024 * 1024))


strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Treat item-writing warnings as errors: exit 1 when there is any.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="generator")
def cli() -> None:
    """Turn YAML banks of multiple-choice questions into Anki decks (.apkg).

    Edit a bank in decks/, run `build`, and import the .apkg into Anki
    (File > Import). Re-importing a rebuilt deck updates the questions that
    changed and keeps every learner's review history.
    """


def out_dir_option(default: str, what: str) -> Callable:
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=f"Directory for the {what} (created if missing).",
    )


@cli.command()
@banks_argument
@out_dir_option("dist", ".apkg files")
@max_mb_option
@max_media_mb_option
@max_bank_media_mb_option
@click.option(
    "--make-deps",
    is_flag=True,
    help="Also write OUT/<bank name>.d: a makefile rule making the .apkg depend on "
    "the images and sounds the bank uses, for `include` (the Makefile uses it).",
)
@strict_option
def build(
    banks: tuple[Path, ...],
    out_dir: Path,
    max_mb: int,
    max_media_mb: float,
    max_bank_media_mb: float,
    make_deps: bool,
    strict: bool,
) -> None:
    """Build each BANK into OUT/<bank name>.apkg.

    Also updates the bank's lock file (<bank name>.lock.json, beside it),
    which records when each question last changed: commit it with the bank.
    Nothing is written for a bank with problems; every problem is listed.
    Banks that claim the same deck id or note GUIDs are not built.
    Item-writing warnings (see `check --help`) are listed too; with --strict,
    a bank that has any is not built.
    """
    from generator.build import BuildError, build_bank, lock_home_problem
    from generator.itemwriting import bank_warnings
    from generator.media import write_make_dependencies
    from generator.render import REMOVED_TAG

    # A bank whose lock file could not live beside it is refused before it is read.
    unfit = {bank: lock_home_problem(bank) for bank in banks}
    for problem in filter(None, unfit.values()):
        click.echo(printable(f"error: {problem}"), err=True)
    # Every bank is validated, and checked against the others, before any
    # package is written: a clash stops both banks.
    fit = tuple(bank for bank, problem in unfit.items() if problem is None)
    loaded = _load_and_report(
        fit, max_mb, media_limits(max_media_mb, max_bank_media_mb), to_one_directory=True
    )
    failed = loaded.failed or len(fit) < len(unfit)
    for bank_path, bank in loaded.banks:
        warnings = bank_warnings(bank_path, bank)
        _report_warnings(warnings, strict)
        if strict and warnings:
            click.echo(printable(f"error: {bank_path}: not built (--strict)"), err=True)
            failed = True
            continue
        try:
            with _progress_bar(f"Building {bank_path.name}") as progress:
                result = build_bank(
                    bank_path, out_dir, bank=bank, media=loaded.media[bank_path], progress=progress
                )
            if make_deps:
                write_make_dependencies(result.package, loaded.media[bank_path].files)
        except BuildError as error:
            click.echo(printable(f"error: {error}"), err=True)
            failed = True
            continue
        except OSError as error:
            click.echo(
                printable(f"error: cannot write {error.filename}: {error.strerror}"), err=True
            )
            failed = True
            continue
        notes = len(result.bank.questions)
        click.echo(
            printable(
                f"{result.package}: {counted(notes, 'note')} in deck {result.bank.deck.name!r} "
                f"({len(result.changed)} changed since the last build)"
            )
        )
        for question_id in result.newly_removed:
            click.echo(
                f"  removed from the bank: {question_id}. Anki keeps its note; the package "
                f"tags it {REMOVED_TAG}: in Anki, Browse, search tag:{REMOVED_TAG}, Delete."
            )
    if failed:
        raise SystemExit(1)


@cli.command()
@banks_argument
@max_mb_option
@max_media_mb_option
@max_bank_media_mb_option
@strict_option
def check(
    banks: tuple[Path, ...],
    max_mb: int,
    max_media_mb: float,
    max_bank_media_mb: float,
    strict: bool,
) -> None:
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
    fit. `allow: [<check>]` on a question
    silences one check there. Banks given together are also checked against
    each other: no two may claim the same deck id or note GUIDs, or deck
    names Anki takes for one deck.
    """
    from generator.cues import cue_summary
    from generator.itemwriting import bank_warnings
    from generator.stats import bank_stats, media_summary

    loaded = _load_and_report(
        banks, max_mb, media_limits(max_media_mb, max_bank_media_mb), to_one_directory=False
    )
    failed = loaded.failed
    for bank_path, bank in loaded.banks:
        warnings = bank_warnings(bank_path, bank)  # reads the cues the summary counts
        _summarise(bank_path, bank, bank_stats(bank))
        click.echo(f"  media: {media_summary(loaded.media[bank_path].files)}")
        click.echo(f"  {cue_summary(bank)}")
        _report_warnings(warnings, strict)
        failed = failed or (strict and bool(warnings))
    if failed:
        raise SystemExit(1)


def _summarise(bank_path: Path, bank: Bank, stats: BankStats) -> None:
    deck = bank.deck
    tags = ", ".join(f"{tag} {count}" for tag, count in stats.tags) or "none"
    letters = ", ".join(f"{letter} {count}" for letter, count in stats.correct_letters)
    when = " (as built; reshuffled at every review)" if stats.reshuffled_at_review else ""
    recall = f'and "say the model answer", spoken in {deck.language}' if deck.recall else "only"
    notes = f"{len(stats.with_note)} ({', '.join(stats.with_note)})" if stats.with_note else "none"
    allowed = ", ".join(f"{check} {count}" for check, count in stats.allowed) or "none"
    summary = [
        f"{bank_path}: ok, {counted(stats.questions, 'question')} in deck {deck.name!r}",
        f"  tags: {tags}",
        f"  correct letter{when}: {letters}",
        f"  correct option the longest: {stats.correct_longest} of "
        f"{counted(stats.questions, 'question')}",
        f"  cards: multiple choice {recall}",
        f"  prompt: {_first_line(deck.prompt) if deck.prompt else 'none'}",
        f"  since-then notes: {notes}",
        f"  checks allowed: {allowed}",
    ]
    # Tags and the prompt may hold bidi and other format characters a terminal acts on.
    for line in summary:
        click.echo(printable(line))


_SUMMARY_WIDTH = 60


def _first_line(text: str) -> str:
    """The start of a Markdown text, on one line: enough to recognise it."""
    line = " ".join(text.split())
    return line if len(line) <= _SUMMARY_WIDTH else line[: _SUMMARY_WIDTH - 1].rstrip() + "…"


@cli.command()
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write it.  [default: schema/bank.schema.json]",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the file is missing or out of date.",
)
def schema(out_path: Path | None, check_only: bool) -> None:
    """Write the JSON Schema of the bank format, for editors.

    A bank whose first line is `# yaml-language-server: $schema=../schema/bank.schema.json`
    gets key completion and live errors in editors with a YAML language server.
    """
    from generator.schema import SCHEMA_PATH, schema_text, write_schema

    path = out_path or SCHEMA_PATH
    if check_only:
        try:
            current = path.read_text(encoding="utf-8") == schema_text()
        except OSError:
            current = False
        if not current:
            click.echo(f"{path} is missing or out of date: run `make schema`", err=True)
            raise SystemExit(1)
        click.echo(f"{path}: up to date")
        return
    try:
        written = write_schema(path)
    except OSError as error:
        click.echo(f"error: cannot write {path}: {error.strerror}", err=True)
        raise SystemExit(1) from None
    click.echo(f"{path}: {'written' if written else 'already up to date'}")


@cli.command()
@banks_argument
@out_dir_option("dist/preview", "pages")
@max_mb_option
@max_media_mb_option
@max_bank_media_mb_option
def preview(
    banks: tuple[Path, ...],
    out_dir: Path,
    max_mb: int,
    max_media_mb: float,
    max_bank_media_mb: float,
) -> None:
    """Write OUT/<bank name>.html: every card of each BANK, front and back, light and night.

    Open the page in a browser to check your cards without Anki. Cards are
    rendered by Anki's own renderer when the `anki` package is installed
    (`make preview` installs it), by a built-in one otherwise. Nothing else
    is written: the bank's lock file is left as it is.
    """
    from generator.preview import write_preview

    loaded = _load_and_report(
        banks, max_mb, media_limits(max_media_mb, max_bank_media_mb), to_one_directory=True
    )
    failed = loaded.failed
    for bank_path, bank in loaded.banks:
        try:
            result = write_preview(bank_path, out_dir, bank=bank, media=loaded.media[bank_path])
        except OSError as error:
            where = error.filename or out_dir
            click.echo(f"error: cannot write {where}: {error.strerror}", err=True)
            failed = True
            continue
        click.echo(
            printable(
                f"{result.page}: {counted(len(result.preview.cards), 'card')} of deck "
                f"{result.preview.bank.deck.name!r}, rendered by {result.preview.renderer}"
            )
        )
    if failed:
        raise SystemExit(1)


PROGRESS_AFTER_SECONDS = 1.0


@contextlib.contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback that draws a bar on stderr once a build has run for a second.

    None when stderr is not a terminal: logs and pipes get no bar.
    """
    import time

    if not sys.stderr.isatty():
        yield None
        return
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        bar = None
        shown = 0

        def update(done: int, total: int) -> None:
            nonlocal bar, shown
            if bar is None:
                if time.monotonic() - started < PROGRESS_AFTER_SECONDS:
                    return
                bar = stack.enter_context(
                    click.progressbar(
                        length=total,
                        label=label,
                        file=sys.stderr,
                        show_eta=False,
                        # Redraw about every 1%, not for every question.
                        update_min_steps=max(1, total // 100),
                    )
                )
            bar.update(done - shown)
            shown = done

        yield update


def _report(problems: list) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{counted(len(problems), 'problem')} found", err=True)


def _report_warnings(warnings: list[ItemWarning], strict: bool) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings:
        count = counted(len(warnings), "warning")
        click.echo(f"{count}{' (--strict: failing)' if strict else ''}", err=True)


def main() -> None:
    cli()
