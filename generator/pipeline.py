"""The whole pipeline, for any number of banks: start reading here.

    check_banks:   load -> media -> clashes across banks -> item-writing warnings
    build_banks:   check_banks, then each bank's build (render, lock, package)
    preview_banks: check_banks, then each bank's preview page

Each stage is a module of its own: `loader` (read, walk the YAML, validate,
Anki's text rules), `media` (images and sounds), `clashes` (banks that cannot
sit side by side in one collection), `itemwriting` (cues that give an answer
away), `build` (one bank: `render`, `lock`, `package`) and `preview`. The
command line (`generator.cli`) only parses options, prints what these
functions return and sets the exit code: a library caller gets every check the
command line makes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from generator.bank import Bank
from generator.build import (
    BuildError,
    BuildResult,
    build_bank,
    lock_home_problem,
    package_path_for,
)
from generator.clashes import (
    find_clashes,
    outputs_over_inputs,
    package_name_clashes,
    twin_problem,
)
from generator.cues import CueScores, CueTally
from generator.itemwriting import ItemWarning, bank_warnings
from generator.limits import Limits
from generator.loader import LoadedBank, load
from generator.lock import lock_path_for
from generator.make_deps import make_rule_problems, rule_path, write_make_rules
from generator.media import BankMedia, bank_media
from generator.preview import PreviewResult, preview_path, write_preview
from generator.problems import BankError, Problem

Progress = Callable[[Path], AbstractContextManager[Callable[[int, int], None] | None]]
"""Given a bank about to be built, a context that gives what hears how far its build is
(done, total), or None, for the time the build runs."""


@dataclass(frozen=True)
class CheckedBank:
    """A bank that passed every check, with what the checks found on the way."""

    loaded: LoadedBank
    media: BankMedia
    warnings: list[ItemWarning]
    cue_tally: CueTally
    """What each cue alone got right, and each question's correct letter and longest
    option, counted while the warnings were found."""

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def bank(self) -> Bank:
        return self.loaded.bank

    @property
    def cue_scores(self) -> CueScores:
        """What a learner picking by one cue alone gets right (`generator.cues`): only
        `check` shows it, so it is summed up only when asked."""
        return self.cue_tally.scores()


@dataclass(frozen=True)
class Checked:
    """The banks that can go on, and what stopped the others."""

    banks: list[CheckedBank]
    problem_groups: list[list[Problem]]
    """One group per bank that failed to load or was set aside before it (a twin, or one
    an output would replace), one for all the clashes between banks, and one per bank
    whose make rules could not be written."""
    refused: list[str] = field(default_factory=list)
    """Banks whose lock file could not live beside them, refused by `build_banks` before
    they were read, each with why."""

    @property
    def failed(self) -> bool:
        return bool(self.problem_groups or self.refused)


Result = TypeVar("Result", BuildResult, PreviewResult)


@dataclass(frozen=True)
class Outcome(Generic[Result]):
    """What became of one checked bank: its result, or why there is none."""

    checked: CheckedBank
    result: Result | None = None
    error: str | None = None


@dataclass(frozen=True)
class Done(Generic[Result]):
    """What a build or preview of several banks did."""

    checked: Checked
    outcomes: list[Outcome[Result]]

    @property
    def results(self) -> list[Result]:
        return [outcome.result for outcome in self.outcomes if outcome.result is not None]

    @property
    def failed(self) -> bool:
        return self.checked.failed or any(outcome.error for outcome in self.outcomes)


def check_banks(
    paths: Sequence[Path],
    limits: Limits | None = None,
    *,
    one_directory: bool = False,
    outputs: Callable[[Path], dict[str, Path]] | None = None,
) -> Checked:
    """Load every bank (each file once) with its media, set aside those that clash with
    another, and find the item-writing flaws of the rest.

    With `one_directory` (their packages or pages go to one folder), banks whose
    outputs would share a file name clash too. A bank beside its twin (`x.yaml` and
    `x.yml`), or one of whose `outputs` (what each would be, by name) would replace a
    bank, is refused before it is read.
    """
    limits = limits or Limits()
    unique = list({path.resolve(): path for path in reversed(paths)}.values())[::-1]
    over_inputs = outputs_over_inputs({path: outputs(path) for path in unique}) if outputs else {}
    loaded: list[tuple[LoadedBank, BankMedia]] = []
    groups: list[list[Problem]] = []
    for path in unique:
        unfit = twin_problem(path) or over_inputs.get(path)
        if unfit is not None:
            groups.append([unfit])
            continue
        try:
            bank = load(path, max_bytes=limits.max_bank_bytes)
            loaded.append((bank, bank_media(bank, limits.media)))
        except BankError as error:
            groups.append(error.problems)
    clashes = find_clashes([bank for bank, _ in loaded])
    blocked = {path for clash in clashes for path in clash.banks}
    if one_directory:
        free = [bank.path for bank, _ in loaded if bank.path not in blocked]
        by_name = package_name_clashes(free)
        blocked |= {path for clash in by_name for path in clash.banks}
        clashes += by_name
    if clashes:
        groups.append([clash.problem for clash in clashes])
    checked = [_item_checked(bank, media) for bank, media in loaded if bank.path not in blocked]
    return Checked(checked, groups)


def _item_checked(bank: LoadedBank, media: BankMedia) -> CheckedBank:
    """The bank with its item-writing warnings and its cue table, read in one pass."""
    tally = CueTally(bank.bank)
    warnings = bank_warnings(bank, tally)
    return CheckedBank(bank, media, warnings, tally)


def build_banks(
    paths: Sequence[Path],
    out_dir: Path,
    limits: Limits | None = None,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    make_deps: bool = False,
) -> Done[BuildResult]:
    """Check the banks together, then build each into `out_dir/<bank name>.apkg`.

    Nothing is written for a bank with problems, nor for any bank another clashes
    with; with `strict`, nor for a bank with item-writing warnings. A bank whose
    lock file could not live beside it is refused before it is read. With
    `make_deps`, each package gets its make rules beside it (`generator.make_deps`),
    and a bank whose media paths make could not read is not built.
    """
    unfit = {path: lock_home_problem(path) for path in paths}
    fit = [path for path, problem in unfit.items() if problem is None]
    refused = [problem for problem in unfit.values() if problem is not None]

    def outputs(bank: Path) -> dict[str, Path]:
        package = package_path_for(bank, out_dir)
        made = {"package": package, "lock file": lock_path_for(bank)}
        return made | {"make rules": rule_path(package)} if make_deps else made

    checked = check_banks(fit, limits, one_directory=True, outputs=outputs)
    checked = dataclasses.replace(checked, refused=refused)
    if make_deps:
        checked = _without_unreadable_rules(checked, out_dir)
    outcomes: list[Outcome[BuildResult]] = []
    for bank in checked.banks:
        if strict and bank.warnings:
            outcomes.append(Outcome(bank, error=f"{bank.path}: not built (--strict)"))
            continue
        try:
            with (progress or _no_progress)(bank.path) as report:
                result = build_bank(
                    bank.path, out_dir, loaded=bank.loaded, media=bank.media, progress=report
                )
        except BuildError as error:
            outcomes.append(Outcome(bank, error=str(error)))
        except OSError as error:
            outcomes.append(Outcome(bank, error=_cannot_write(error, out_dir)))
        else:
            outcomes.append(_with_make_rules(bank, result) if make_deps else Outcome(bank, result))
    return Done(checked, outcomes)


def _without_unreadable_rules(checked: Checked, out_dir: Path) -> Checked:
    """`checked` without the banks whose make rules could not be written."""
    fit, groups = [], list(checked.problem_groups)
    for bank in checked.banks:
        problems = make_rule_problems(bank.loaded, bank.media, package_path_for(bank.path, out_dir))
        if problems:
            groups.append(problems)
        else:
            fit.append(bank)
    return dataclasses.replace(checked, banks=fit, problem_groups=groups)


def _with_make_rules(bank: CheckedBank, result: BuildResult) -> Outcome[BuildResult]:
    try:
        write_make_rules(result.package, bank.media.files)
    except OSError as error:
        return Outcome(bank, error=_cannot_write(error, rule_path(result.package)))
    return Outcome(bank, result)


def preview_banks(
    paths: Sequence[Path], out_dir: Path, limits: Limits | None = None
) -> Done[PreviewResult]:
    """Check the banks together, then write each one's preview page into `out_dir`."""
    checked = check_banks(
        paths,
        limits,
        one_directory=True,
        outputs=lambda bank: {"page": preview_path(bank, out_dir)},
    )
    return Done(checked, [preview_bank(bank, out_dir) for bank in checked.banks])


def preview_bank(bank: CheckedBank, out_dir: Path) -> Outcome[PreviewResult]:
    """Write the checked bank's preview page into `out_dir`."""
    try:
        page = write_preview(bank.path, out_dir, loaded=bank.loaded, media=bank.media)
    except OSError as error:
        return Outcome(bank, error=_cannot_write(error, out_dir))
    return Outcome(bank, page)


def _cannot_write(error: OSError, fallback: Path) -> str:
    """Why a file could not be written: the file `error` names, else `fallback`."""
    return f"cannot write {error.filename or fallback}: {error.strerror or error}"


def _no_progress(_path: Path) -> AbstractContextManager[None]:
    return nullcontext()
