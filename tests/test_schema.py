"""The JSON Schema for editors: generated from the format, committed, agreeing with the loader."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from generator.bank import Bank, DeckInfo, Option, Question
from generator.cli import cli
from generator.loader import BankError, load_bank
from generator.schema import SCHEMA_PATH, bank_schema, schema_text
from tests.authoring_support import SCHEMA_LINE, question

REPO = Path(__file__).resolve().parent.parent

Mutation = Callable[[dict[str, Any]], None]


def _base() -> dict[str, Any]:
    return {
        "deck": {"id": "demo", "name": "Demo"},
        "questions": [question("first"), question("second", options=2, correct=1)],
    }


def _parent(bank: dict[str, Any], path: str) -> tuple[Any, str | int]:
    """The container holding the dotted `path` (`questions.0.options.1.correct`), and its key."""
    *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
    for part in parents:
        bank = bank[part]
    return bank, last


def _set(path: str, value: Any) -> Mutation:
    def mutate(bank: dict[str, Any]) -> None:
        container, key = _parent(bank, path)
        container[key] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(bank: dict[str, Any]) -> None:
        container, key = _parent(bank, path)
        del container[key]

    return mutate


def _options(count: int, correct: tuple[int, ...] = (0,)) -> Mutation:
    """Give the first question `count` options, those at `correct` marked correct."""

    def mutate(bank: dict[str, Any]) -> None:
        bank["questions"][0]["options"] = [
            {"text": f"Option {i}.", "why": "Why.", **({"correct": True} if i in correct else {})}
            for i in range(count)
        ]

    return mutate


def _every_optional_key(bank: dict[str, Any]) -> None:
    bank["deck"].update(description="About.", shuffle="review", shuffle_seed=7, recall=True)


# Each case: (name, change to a valid bank, whether the result is a valid bank).
CORPUS: list[tuple[str, Mutation | str, bool]] = [
    ("unchanged", lambda bank: None, True),
    ("every optional key", _every_optional_key, True),
    ("tags and tip", _set("questions.0.tags", ["async", "python::typing"]), True),
    ("a tip", _set("questions.0.tip", "Say *why*."), True),
    ("an empty tip", _set("questions.0.tip", None), True),
    ("no shuffle", _set("deck.shuffle", False), True),
    ("negative seed", _set("deck.shuffle_seed", -3), True),
    ("the largest seed", _set("deck.shuffle_seed", 2**63 - 1), True),
    ("a seed over 64 bits", _set("deck.shuffle_seed", 2**63), False),
    ("a seed under 64 bits", _set("deck.shuffle_seed", -(2**63) - 1), False),
    ("2 options", _options(2), True),
    ("8 options", _options(8, (7,)), True),
    ("an explicit false", _set("questions.0.options.1.correct", False), True),
    ("unicode text", _set("questions.0.question", "¿Qué es `async`? 日本語"), True),
    ("sub-deck name", _set("deck.name", "Interviews::FastAPI"), True),
    ("empty description", _set("deck.description", ""), True),
    ("no tags", _set("questions.0.tags", []), True),
    ("1 option", _options(1), False),
    ("9 options", _options(9), False),
    ("zero correct options", _options(3, ()), False),
    ("two correct options", _options(3, (0, 2)), False),
    ("unknown top-level key", _set("extra", 1), False),
    ("unknown deck key", _set("deck.colour", "blue"), False),
    ("unknown question key", _set("questions.0.answer", "A"), False),
    ("unknown option key", _set("questions.0.options.0.correctt", True), False),
    ("missing deck", _delete("deck"), False),
    ("missing questions", _delete("questions"), False),
    ("missing deck id", _delete("deck.id"), False),
    ("missing deck name", _delete("deck.name"), False),
    ("missing question id", _delete("questions.0.id"), False),
    ("missing question text", _delete("questions.0.question"), False),
    ("missing options", _delete("questions.0.options"), False),
    ("missing option text", _delete("questions.0.options.0.text"), False),
    ("missing why", _delete("questions.0.options.1.why"), False),
    ("no questions", _set("questions", []), False),
    ("empty deck name", _set("deck.name", ""), False),
    ("blank question", _set("questions.0.question", "   \n "), False),
    ("empty option text", _set("questions.0.options.0.text", ""), False),
    ("empty why", _set("questions.0.options.0.why", " "), False),
    ("empty-string tip", _set("questions.0.tip", ""), False),
    ("null name", _set("deck.name", None), False),
    ("null description", _set("deck.description", None), False),
    ("number as name", _set("deck.name", 5), False),
    ("number as text", _set("questions.0.options.0.text", 42), False),
    ("list as question", _set("questions.0.question", ["a"]), False),
    ("string seed", _set("deck.shuffle_seed", "5"), False),
    ("boolean seed", _set("deck.shuffle_seed", True), False),
    ("fractional seed", _set("deck.shuffle_seed", 1.5), False),
    ("string recall", _set("deck.recall", "true"), False),
    ("number as correct", _set("questions.0.options.0.correct", 1), False),
    ("tags as a string", _set("questions.0.tags", "async"), False),
    ("tag with a space", _set("questions.0.tags", ["async await"]), False),
    ("empty tag", _set("questions.0.tags", [""]), False),
    ("number as tag", _set("questions.0.tags", [3]), False),
    ("options as a mapping", _set("questions.0.options", {"a": 1}), False),
    ("option as a string", _set("questions.0.options.1", "No."), False),
    ("question as a list", _set("questions.0", ["id"]), False),
    ("deck as a string", _set("deck", "demo"), False),
    ("uppercase slug", _set("questions.0.id", "Async-Await"), False),
    ("underscore slug", _set("questions.0.id", "async_await"), False),
    ("double-hyphen slug", _set("questions.0.id", "async--await"), False),
    ("leading-hyphen deck id", _set("deck.id", "-demo"), False),
    ("numeric id", _set("questions.0.id", 12), False),
    ("shuffle: review", _set("deck.shuffle", "review"), True),
    ("shuffle: maybe", _set("deck.shuffle", "maybe"), False),
    ("shuffle: 'true' as text", _set("deck.shuffle", "true"), False),
    ("shuffle: 1", _set("deck.shuffle", 1), False),
    # YAML text the mutations above cannot write:
    ("a date as name", "deck:\n  id: demo\n  name: 2024-01-01\n", False),
    ("a list at the top", "- deck\n- questions\n", False),
    ("a scalar at the top", "just text\n", False),
]
"""Left out, because JSON Schema cannot say them or YAML and JSON disagree on them:

- two questions with the same `id`: JSON Schema has no "unique by key"
  (`uniqueItems` compares whole items), so only the loader rejects it;
- duplicate keys, anchors and aliases, merge keys: they are gone once YAML is
  parsed into the data a schema sees, and the loader refuses them on purpose;
- a whole-number float such as `shuffle_seed: 1.0`: JSON Schema counts 1.0 as
  an integer, the loader (strict, no coercion) does not;
- file size, encoding and NUL bytes: properties of the file, not of its data.
"""


def _yaml_of(change: Mutation | str) -> str:
    if isinstance(change, str):
        return change
    bank = copy.deepcopy(_base())
    change(bank)
    return SCHEMA_LINE + yaml.safe_dump(bank, sort_keys=False, allow_unicode=True)


def _loader_accepts(path: Path) -> bool:
    try:
        load_bank(path)
    except BankError:
        return False
    return True


@pytest.mark.parametrize("name, change, valid", CORPUS, ids=[name for name, _, _ in CORPUS])
def test_schema_and_loader_agree(tmp_path: Path, name: str, change: Mutation | str, valid: bool):
    text = _yaml_of(change)
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    by_schema = Draft202012Validator(bank_schema()).is_valid(yaml.safe_load(text))
    assert (by_schema, _loader_accepts(path)) == (valid, valid)


def test_the_schema_is_valid_draft_2020_12():
    schema = bank_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_committed_schema_is_the_generated_one():
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "run `make schema` and commit schema/bank.schema.json"


@pytest.mark.parametrize("model", [Bank, DeckInfo, Question, Option])
def test_an_editor_can_complete_and_explain_every_key(model: type):
    """Each key of each object is in the schema with a description, and no other key is."""
    schema = bank_schema()
    definition = schema if model is Bank else schema["$defs"][model.__name__]
    assert definition["additionalProperties"] is False
    assert set(definition["properties"]) == {spec.name for spec in dataclasses.fields(model)}
    properties = definition["properties"]
    undocumented = [key for key, value in properties.items() if not value.get("description")]
    assert undocumented == []


def test_every_bank_names_the_schema_on_its_first_line():
    banks = sorted((REPO / "decks").glob("*.yaml"))
    assert banks
    for bank in banks:
        first_line = bank.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == SCHEMA_LINE.strip(), bank.name
        schema = (bank.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert schema == (REPO / SCHEMA_PATH).resolve()


def test_the_committed_banks_are_valid_by_the_schema():
    validator = Draft202012Validator(bank_schema())
    for bank in sorted((REPO / "decks").glob("*.yaml")):
        errors = list(validator.iter_errors(yaml.safe_load(bank.read_text(encoding="utf-8"))))
        assert errors == [], bank.name


def test_schema_command_writes_the_file_and_checks_it(tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "nested" / "bank.schema.json"
    stale = runner.invoke(cli, ["schema", "--check", "--out", str(out)])
    assert stale.exit_code == 1 and "out of date" in stale.output
    written = runner.invoke(cli, ["schema", "--out", str(out)])
    assert written.exit_code == 0 and "written" in written.output
    assert out.read_text(encoding="utf-8") == schema_text()
    again = runner.invoke(cli, ["schema", "--out", str(out)])
    assert "already up to date" in again.output
    assert runner.invoke(cli, ["schema", "--check", "--out", str(out)]).exit_code == 0
