"""The command line: a thin click layer over `generator.build` and `generator.preview`.

Exit codes: 0 success, 1 a bank is invalid or a build failed, 2 wrong usage.
Heavy modules are imported inside the commands, so `--help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator import __version__

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="generator")
def cli() -> None:
    """Turn YAML banks of multiple-choice questions into Anki decks (.apkg).

    Edit a bank in decks/, run `build`, and import the .apkg into Anki
    (File > Import). Re-importing a rebuilt deck updates the questions that
    changed and keeps every learner's review history.
    """


@cli.command()
@banks_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Directory for the .apkg files (created if missing).",
)
@max_mb_option
def build(banks: tuple[Path, ...], out_dir: Path, max_mb: int) -> None:
    """Build each BANK into OUT/<bank name>.apkg.

    Also updates the bank's lock file (<bank name>.lock.json, beside it),
    which records when each question last changed: commit it with the bank.
    Nothing is written for a bank with problems; every problem is listed.
    """
    from generator.build import BuildError, build_bank
    from generator.loader import BankError

    failed = False
    for bank_path in banks:
        try:
            result = build_bank(bank_path, out_dir, max_bytes=max_mb * 1024 * 1024)
        except BankError as error:
            _report(error.problems)
            failed = True
            continue
        except BuildError as error:
            click.echo(f"error: {error}", err=True)
            failed = True
            continue
        notes = len(result.bank.questions)
        click.echo(
            f"{result.package}: {notes} notes in deck {result.bank.deck.name!r} "
            f"({len(result.changed)} changed since the last build)"
        )
    if failed:
        raise SystemExit(1)


@cli.command()
@banks_argument
@max_mb_option
def check(banks: tuple[Path, ...], max_mb: int) -> None:
    """Validate each BANK and list every problem; writes nothing."""
    from generator.build import check_bank
    from generator.loader import BankError

    failed = False
    for bank_path in banks:
        try:
            bank = check_bank(bank_path, max_bytes=max_mb * 1024 * 1024)
        except BankError as error:
            _report(error.problems)
            failed = True
            continue
        click.echo(f"{bank_path}: ok, {len(bank.questions)} questions")
    if failed:
        raise SystemExit(1)


@cli.command()
@banks_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist/preview"),
    show_default=True,
    help="Directory for the pages (created if missing).",
)
@max_mb_option
def preview(banks: tuple[Path, ...], out_dir: Path, max_mb: int) -> None:
    """Write OUT/<bank name>.html: every card of each BANK, front and back, light and night.

    Open the page in a browser to check your cards without Anki. Cards are
    rendered by Anki's own renderer when the `anki` package is installed
    (`make preview` installs it), by a built-in one otherwise. Nothing else
    is written: the bank's lock file is left as it is.
    """
    from generator.loader import BankError
    from generator.preview import write_preview

    failed = False
    for bank_path in banks:
        try:
            result = write_preview(bank_path, out_dir, max_bytes=max_mb * 1024 * 1024)
        except BankError as error:
            _report(error.problems)
            failed = True
            continue
        except OSError as error:
            where = error.filename or out_dir
            click.echo(f"error: cannot write {where}: {error.strerror}", err=True)
            failed = True
            continue
        click.echo(
            f"{result.page}: {len(result.preview.cards)} cards of deck "
            f"{result.preview.bank.deck.name!r}, rendered by {result.preview.renderer}"
        )
    if failed:
        raise SystemExit(1)


def _report(problems: list) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)


def main() -> None:
    cli()
