"""What the commands print: problems, warnings, a bank's summary, a build's progress."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import click

from generator.printable import counted, printable

if TYPE_CHECKING:
    from generator.build import BuildResult
    from generator.pipeline import Checked, CheckedBank
    from generator.problems import Problem


def report_checked(checked: Checked) -> None:
    """The banks refused before reading, then every group of problems, each with its count."""
    for refusal in checked.refused:
        report_error(refusal)
    for problems in checked.problem_groups:
        report_problems(problems)


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{counted(len(problems), 'problem')} found", err=True)


def report_warnings(bank: CheckedBank, strict: bool) -> None:
    for warning in bank.warnings:
        click.echo(str(warning), err=True)
    if bank.warnings:
        count = counted(len(bank.warnings), "warning")
        click.echo(f"{count}{' (--strict: failing)' if strict else ''}", err=True)


def report_error(message: str) -> None:
    click.echo(printable(f"error: {message}"), err=True)


def report_removed(result: BuildResult) -> None:
    """The questions this build found gone from the bank, and what the learner can do."""
    from generator.bank import REMOVED_TAG

    for question_id in result.newly_removed:
        click.echo(
            printable(
                f"  removed from the bank: {question_id}. Anki keeps its note; the package "
                f"tags it {REMOVED_TAG}: in Anki, Browse, search tag:{REMOVED_TAG}, Delete."
            )
        )


def summarise(bank: CheckedBank) -> None:
    """What `check` tells an author about a valid bank."""
    from generator.cues import cue_summary
    from generator.stats import bank_stats, media_summary

    stats = bank_stats(bank.bank, bank.cue_tally)
    deck = bank.bank.deck
    tags = ", ".join(f"{tag} {count}" for tag, count in stats.tags) or "none"
    letters = ", ".join(f"{letter} {count}" for letter, count in stats.correct_letters)
    when = " (as built; reshuffled at every review)" if stats.reshuffled_at_review else ""
    recall = f'and "say the model answer", spoken in {deck.language}' if deck.recall else "only"
    notes = f"{len(stats.with_note)} ({', '.join(stats.with_note)})" if stats.with_note else "none"
    allowed = ", ".join(f"{check} {count}" for check, count in stats.allowed) or "none"
    summary = [
        f"{bank.path}: ok, {counted(stats.questions, 'question')} in deck {deck.name!r}",
        f"  tags: {tags}",
        f"  correct letter{when}: {letters}",
        f"  correct option the longest: {stats.correct_longest} of "
        f"{counted(stats.questions, 'question')}",
        f"  cards: multiple choice {recall}",
        f"  prompt: {_first_line(deck.prompt) if deck.prompt else 'none'}",
        f"  since-then notes: {notes}",
        f"  checks allowed: {allowed}",
        f"  media: {media_summary(bank.media.files)}",
        f"  {cue_summary(bank.cue_scores, stats.questions)}",
    ]
    # Tags and the prompt may hold bidi and other format characters a terminal acts on.
    for line in summary:
        click.echo(printable(line))


_SUMMARY_WIDTH = 60


def _first_line(text: str) -> str:
    """The start of a Markdown text, on one line: enough to recognise it."""
    line = " ".join(text.split())
    return line if len(line) <= _SUMMARY_WIDTH else line[: _SUMMARY_WIDTH - 1].rstrip() + "…"


PROGRESS_AFTER_SECONDS = 1.0


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback that draws a bar on stderr once a build has run for a second.

    None when stderr is not a terminal: logs and pipes get no bar.
    """
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
