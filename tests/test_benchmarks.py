"""The benchmark's plumbing: its banks are valid, its baseline writes the tool's notes,
and its runner measures what it says. (The benchmark itself is `make bench`, not a test.)"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from html import escape
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter

from benchmarks import bare, baseline, cases, media_case, run, synthetic, verdict
from generator.bank import Bank
from generator.build import build_bank
from generator.items import correct_is_longest
from generator.itemwriting import find_flaws
from generator.loader import load_bank
from generator.media_types import PNG, sniff
from tests.anki_client import AnkiClient


def imported_notes(package: Path, scratch: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Each note of the package as real Anki imports it: guid -> (fields, tags)."""
    client = AnkiClient(scratch / package.parent.name / "collection.anki2")
    try:
        client.import_package(package)
        return {note.guid: (list(note.fields), sorted(note.tags)) for note in client.notes()}
    finally:
        client.close()


def test_synthetic_bank_is_valid_and_deterministic(tmp_path: Path) -> None:
    bank = load_bank(synthetic.write_bank(200, tmp_path / "bank.yaml"))

    assert len(bank.questions) == 200
    assert synthetic.bank_yaml(200) == (tmp_path / "bank.yaml").read_text(encoding="utf-8")
    texts = [question.question for question in bank.questions]
    assert sum("```python" in text for text in texts) >= 5, "some questions carry a code block"
    options = [option.text for question in bank.questions for option in question.options]
    assert sum("`" in text for text in options) > len(options) // 5, "inline code is common"
    assert {len(question.options) for question in bank.questions} >= {3, 4, 5, 6}


def test_synthetic_bank_passes_the_item_writing_checks_as_a_shipped_bank_does() -> None:
    bank = TypeAdapter(Bank).validate_python(yaml.safe_load(synthetic.bank_yaml(2_000)))

    assert find_flaws(bank) == []
    longest = sum(correct_is_longest(question) for question in bank.questions)
    assert 0.1 * 2_000 < longest < 0.5 * 2_000, "the correct option is sometimes the longest"


def test_the_warned_variant_draws_much_longer_correct_warnings_and_leaves_the_clean_one_alone(
    tmp_path: Path,
) -> None:
    clean = synthetic.bank_yaml(2_000)
    warned = synthetic.bank_yaml(2_000, warned=True)
    bank = TypeAdapter(Bank).validate_python(yaml.safe_load(warned))

    flaws = find_flaws(bank)
    assert {flaw.check for flaw in flaws} == {"much-longer-correct"}
    assert 0.02 * 2_000 < len(flaws) < 0.06 * 2_000, "about 4% of questions draw it"
    prose_words = [
        len(re.sub(r"`[^`]*`\S*", " ", option.text).split())  # inline code adds its own
        for question in bank.questions
        for option in question.options
    ]
    assert min(prose_words) == 15 and max(prose_words) == 60
    written = synthetic.write_bank(2_000, tmp_path / "warned.yaml", warned=True)
    assert written.read_text(encoding="utf-8") == synthetic.bank_yaml(2_000, warned=True) == warned
    assert clean != warned and warned.splitlines()[2] == "  id: bench-warned-2000"
    assert cases.Case(10_000).bank != cases.Case(10_000, warned=True).bank
    assert cases.Case(10_000).work != cases.Case(10_000, warned=True).work


def test_baseline_writes_the_same_notes_as_the_tool(tmp_path: Path) -> None:
    # 60 questions include fenced code blocks, inline code and plain prose.
    bank_path = synthetic.write_bank(60, tmp_path / "bank.yaml")
    tool_package = build_bank(bank_path, tmp_path / "tool").package
    baseline_package = baseline.build(bank_path, tmp_path / "baseline")

    tool_notes = imported_notes(tool_package, tmp_path)
    baseline_notes = imported_notes(baseline_package, tmp_path)

    assert len(tool_notes) == 60
    assert baseline_notes == tool_notes


def test_bare_script_writes_one_note_per_question_with_escaped_text(tmp_path: Path) -> None:
    bank_path = synthetic.write_bank(30, tmp_path / "bank.yaml")
    bank = load_bank(bank_path)

    notes = imported_notes(bare.build(bank_path, tmp_path / "bare"), tmp_path)

    assert len(notes) == 30
    questions = sorted(fields[0] for fields, _ in notes.values())
    assert questions == sorted(escape(question.question) for question in bank.questions)


def test_first_builds_start_without_a_lock_and_rebuilds_keep_theirs(tmp_path: Path) -> None:
    bank_path = synthetic.write_bank(5, tmp_path / "bank.yaml")
    work = tmp_path / "work"
    first = run.first_build_bank(bank_path, work)
    for _ in range(2):
        run.forget_lock(bank_path, work)
        assert not first.with_name("bank.lock.json").exists()
        result = build_bank(first, work / "out")
        assert len(result.changed) == 5, "a first build: every note is new"
    assert first.with_name("bank.lock.json").exists()
    assert not bank_path.with_name("bank.lock.json").exists(), "the bank's own lock is untouched"


def test_generated_five_question_bank_builds_and_imports(tmp_path: Path, anki: AnkiClient) -> None:
    bank_path = synthetic.write_bank(5, tmp_path / "bank.yaml")
    bank = load_bank(bank_path)

    anki.import_package(build_bank(bank_path, tmp_path / "dist").package)

    cards = anki.cards()
    questions = {card.note()["Id"]: card.question() for card in cards}
    assert len(cards) == 5
    for question in bank.questions:
        shown = questions[f"{bank.deck.id}/{question.id}"]
        # The question's words up to any inline code, which renders as <code>.
        assert question.question.split("`")[0].strip() in shown


def test_measure_reports_the_child_peak_memory(tmp_path: Path) -> None:
    allocate = "data = bytearray(120 * 1024 * 1024); data[::4096] = b'x' * len(data[::4096])"
    seconds, cpu_seconds, peak_mb = run.measure([sys.executable, "-c", allocate], tmp_path / "log")
    _, _, small_mb = run.measure([sys.executable, "-c", "pass"], tmp_path / "log")

    assert seconds > 0 and cpu_seconds > 0
    # The test process itself is far over 120 MB (anki is loaded): none of it may show.
    assert peak_mb >= 120 > small_mb


def test_measure_refuses_a_failing_command(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="benchmark command failed"):
        run.measure([sys.executable, "-c", "raise SystemExit(3)"], tmp_path / "log")


def test_targets_compare_paired_rounds_against_their_limits() -> None:
    runs = [
        cases.Run(tool, size, round_number, seconds, seconds, memory, warned)
        for round_number in range(3)
        for size, tool, seconds, memory, warned in (
            (5, "bare", 0.10, 20.0, False),
            (5, "baseline", 0.12, 20.0, False),
            (5, "first-build", 0.11, 30.0, False),
            (5, "build", 0.16, 30.0, False),
            (5, "check", 0.10, 30.0, False),
            (10_000, "bare", 8.0, 120.0, False),
            (10_000, "baseline", 10.0, 100.0, False),
            (10_000, "first-build", 7.0, 110.0, False),
            (10_000, "build", 12.0, 160.0, False),
            (10_000, "check", 3.0, 100.0, False),
            (50_000, "bare", 50.0, 600.0, False),
            (50_000, "baseline", 50.0, 500.0, False),
            (50_000, "first-build", 40.0, 500.0, False),
            (50_000, "build", 70.0, 600.0, False),
            (50_000, "check", 30.0, 500.0, False),
            (10_000, "bare", 8.0, 120.0, True),
            (10_000, "baseline", 10.0, 100.0, True),
            (10_000, "first-build", 9.0, 110.0, True),
            (10_000, "build", 7.0, 110.0, True),
            (10_000, "check", 4.8, 100.0, True),
            (50_000, "bare", 50.0, 600.0, True),
            (50_000, "baseline", 50.0, 500.0, True),
            (50_000, "first-build", 45.0, 600.0, True),
            (50_000, "build", 35.0, 500.0, True),
            (50_000, "check", 20.0, 500.0, True),
        )
    ]
    found = {
        target.name: target
        for target in verdict.targets(runs, [5, 10_000, 50_000], [(0.1, 0.1)], make_no_work=False)
    }

    assert found["`build`, first wall time at 5, vs bare script"].passed  # 1.1x
    assert not found["`build`, rebuild wall time at 5, vs bare script"].passed  # 1.6x
    first_10k = found["`build`, first wall time at 10,000, vs bare script"]
    assert first_10k.value == pytest.approx(7 / 8) and first_10k.passed
    assert found["`build`, first peak memory at 10,000, vs bare script"].passed  # 0.92x
    assert not found["`build`, rebuild wall time at 10,000, vs bare script"].passed  # 1.5x
    assert not found["`build`, rebuild peak memory at 10,000, vs bare script"].passed  # 1.33x
    assert found["`build`, rebuild wall time at 10,000, vs raw genanki"].value == pytest.approx(1.2)
    assert found["`build`, rebuild wall time at 10,000, vs raw genanki"].passed
    assert not found["`build`, rebuild peak memory at 10,000, vs raw genanki"].passed  # 1.6x
    assert found["`check` wall time at 10,000, vs bare script"].passed  # 0.375x
    assert found["`build`, rebuild wall time, 50,000 vs 10,000"].value == pytest.approx(70 / 12)
    assert not found["`build`, rebuild wall time, 50,000 vs 10,000"].passed  # 5.8x
    assert found["`build`, first wall time, 50,000 vs 10,000"].value == pytest.approx(40 / 7)
    assert found["`build`, first peak memory, 50,000 vs 10,000"].passed  # 4.5x
    assert not found["`check` wall time at 50,000, vs raw genanki"].passed  # 0.6x
    # The bank with warnings is paired with its own rounds' baselines, not the clean bank's.
    warned_check = found["`check` wall time at 10,000 (4% warned), vs bare script"]
    assert warned_check.value == pytest.approx(0.6) and not warned_check.passed
    assert not found["`build`, first wall time at 10,000 (4% warned), vs bare script"].passed
    assert found["`build`, rebuild wall time at 10,000 (4% warned), vs bare script"].passed
    warned_growth = found["`build`, rebuild wall time, 50,000 vs 10,000 (4% warned)"]
    assert warned_growth.value == pytest.approx(5.0) and warned_growth.passed
    assert not any("5 (4% warned)" in name for name in found), "no bank with warnings at 5"
    assert found["`--help` time, vs `import click`"].passed
    assert not found["second `make deck` runs no build"].passed


def test_the_media_case_bank_builds_with_one_distinct_image_per_question(tmp_path: Path) -> None:
    with_media, without, total = media_case.write_media_bank(tmp_path, questions=20)

    assert 20 * 50_000 < total < 20 * 51_000
    result = build_bank(with_media, tmp_path / "with")
    with zipfile.ZipFile(result.package) as archive:
        names = json.loads(archive.read("media"))
        assert len(names) == 20
        assert all(sniff(archive.read(number)[:64]) is PNG for number in names)
    plain = load_bank(without)
    assert [q.id for q in plain.questions] == [q.id for q in result.bank.questions]
    assert all("![" not in q.question for q in plain.questions)


def test_the_watch_benchmark_times_a_save_to_the_preview_and_to_anki():
    from benchmarks import watch_latency

    times = watch_latency.measure(saves=1)
    assert set(times) == {"preview", "anki", "baseline"}
    assert all(len(values) == 1 and values[0] > 0 for values in times.values())
    # The import follows the preview's rewrite: the page is written first.
    assert times["anki"][0] >= times["preview"][0]
