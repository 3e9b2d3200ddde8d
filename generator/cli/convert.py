"""The `import` and `export` commands: other question formats to a bank, a bank to Moodle."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.limits import SOURCE_MB
from generator.printable import counted, printable

if TYPE_CHECKING:
    from generator.convert.draft import ConvertError, Notice

IMPORT_FORMATS = ("page", "gift", "moodle-xml", "aiken", "csv")
_EXPORT_SUFFIX = {"gift": ".gift.txt", "moodle-xml": ".moodle.xml"}
EXPORT_FORMATS = tuple(_EXPORT_SUFFIX)


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "source_format", type=click.Choice(IMPORT_FORMATS),
              help="The file's format.  [default: guessed from its extension or content]")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The bank to write.  [default: decks/<deck id>.yaml]")
@click.option("--force", is_flag=True, help="Replace the bank (and media files) at --out.")
@click.option("--max-mb", type=click.IntRange(min=1), default=SOURCE_MB, show_default=True,
              help="Refuse a file larger than this many megabytes, before reading it.")
def import_command(
    source: Path, source_format: str | None, out_path: Path | None, force: bool, max_mb: int
) -> None:
    """Import the questions of SOURCE into a new bank.

    Formats: `page` (an interview practice page's text), `gift` and
    `moodle-xml` (Moodle's formats), `aiken`, and `csv` (see
    docs/import-export.md for the columns). Single-answer multiple-choice and
    true/false questions are taken; every other question is listed with its
    line and left out. What the source lacks (an option's text, a wrong
    option's `why`) stays absent: the `check` run at the end lists each
    missing piece at its line, for you to write. Nothing is written if the
    file cannot be read, and an existing bank is replaced only with --force.
    """
    from generator.convert.draft import ConvertError
    from generator.convert.importing import default_bank_path, import_source, write_import
    from generator.limits import MEGABYTE
    from generator.pipeline import check_banks

    try:
        imported = import_source(source, source_format, max_mb * MEGABYTE)
        out = out_path or default_bank_path(imported)
        written = write_import(imported, out, force=force)
    except ConvertError as error:
        _report_error(error)
    draft = imported.draft
    for notice in draft.left_out:
        click.echo(printable(f"{source}:{notice.line}: left out: {notice.message}"), err=True)
    _report_lost(source, draft.lost)
    media = len(written) - 1
    click.echo(printable(
        f"{source} ({imported.source_format}): took {counted(len(draft.questions), 'question')}, "
        f"left out {len(draft.left_out)}; wrote {out}"
        + (f" and {counted(media, 'media file')}" if media else "")
    ))
    checked = check_banks([out])
    problems = [problem for group in checked.problem_groups for problem in group]
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{counted(len(problems), 'piece')} to write or fix before {out} builds "
                   "(the source does not have them): edit it, then run `check`", err=True)


@click.command("export")
@click.argument("bank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Choice(EXPORT_FORMATS), required=True,
              help="The format to write.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.  [default: dist/<bank>.gift.txt or dist/<bank>.moodle.xml]")
def export_command(bank: Path, target: str, out_path: Path | None) -> None:
    """Export BANK as a Moodle quiz, in GIFT or Moodle XML.

    Each question becomes a single-answer multiple-choice question: the
    correct option at 100%, each option's `why` its feedback, the tip the
    general feedback, the deck's name and first tag the category. Moodle XML
    carries the pictures and sounds; GIFT cannot. What Moodle has no place
    for (the deck's prompt, `note`) is listed.
    """
    from generator.atomic import replaced
    from generator.cli.report import report_checked, report_error
    from generator.convert.gift_out import bank_gift
    from generator.convert.moodle_xml_out import bank_moodle_xml
    from generator.pipeline import check_banks

    checked = check_banks([bank])
    if checked.failed:
        report_checked(checked)
        raise SystemExit(1)
    loaded = checked.banks[0]
    media = {src: file.source for src, file in loaded.media.by_reference.items()}
    write = bank_gift if target == "gift" else bank_moodle_xml
    exported = write(loaded.bank, media)
    out = out_path or Path("dist") / f"{bank.stem}{_EXPORT_SUFFIX[target]}"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with replaced(out) as handle:
            handle.write(exported.content)
    except OSError as error:
        report_error(f"cannot write {error.filename or out}: {error.strerror}")
        raise SystemExit(1) from None
    for lost in exported.lost:
        click.echo(printable(f"{bank}: left out: {lost}"), err=True)
    click.echo(printable(f"{bank}: wrote {out} ({target}, "
                         f"{counted(len(loaded.bank.questions), 'question')})"))


def _report_error(error: ConvertError) -> None:
    lines = str(error).split("\n")
    for line in lines:
        click.echo(printable(f"error: {line}" if len(lines) == 1 else line), err=True)
    if len(lines) > 1:
        click.echo(f"{counted(len(lines), 'problem')} found; nothing written", err=True)
    raise SystemExit(1)


def _report_lost(source: Path, lost: list[Notice]) -> None:
    """Each kind of loss once, with the lines it happened at."""
    by_message: dict[str, list[int]] = defaultdict(list)
    for notice in lost:
        by_message[notice.message].append(notice.line)
    for message, lines in by_message.items():
        shown = ", ".join(str(line) for line in lines[:10])
        more = f" and {len(lines) - 10} more" if len(lines) > 10 else ""
        click.echo(printable(f"{source}: line{'s' if len(lines) > 1 else ''} {shown}{more}: "
                             f"{message}"), err=True)
