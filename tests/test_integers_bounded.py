"""Every integer a bank writes is bounded where it is read: a clear problem at its line,
never a traceback, whatever base it is written in or however long it is."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.bank import SEED_RANGE
from generator.loader import BankError, load

BANK = """deck:
  id: seed
  name: Seed
  shuffle_seed: {seed}
questions:
  - id: q
    question: What?
    options:
      - text: A.
        why: Right.
        correct: true
      - text: B.
        why: Wrong.
"""


def _written(value: int, base: str) -> str:
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if base == "hex":
        return f"{sign}0x{magnitude:x}"
    if base == "binary":
        return f"{sign}0b{magnitude:b}"
    if base == "octal":
        return f"{sign}0{magnitude:o}"
    if base == "60":
        digits = []
        while True:
            magnitude, digit = divmod(magnitude, 60)
            digits.append(str(digit))
            if not magnitude:
                break
        return sign + ":".join(reversed(digits))
    return f"{sign}{magnitude}"


@settings(max_examples=150, deadline=None)
@given(
    value=st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70),
        st.integers(min_value=2**60, max_value=2**400),
        st.sampled_from([SEED_RANGE[0], SEED_RANGE[1], SEED_RANGE[1] + 1, SEED_RANGE[0] - 1]),
    ),
    base=st.sampled_from(["decimal", "hex", "binary", "octal", "60"]),
)
def test_a_seed_in_any_base_loads_in_range_or_is_a_problem_at_its_line(
    tmp_path_factory, value: int, base: str
):
    written = _written(value, base)
    bank = tmp_path_factory.mktemp("seed") / "bank.yaml"
    bank.write_text(BANK.format(seed=written), encoding="utf-8")
    try:
        loaded = load(bank)
    except BankError as error:
        assert not SEED_RANGE[0] <= value <= SEED_RANGE[1] or len(written) > 100
        (problem,) = error.problems
        assert (problem.line, problem.column) == (4, 17)
        assert "shuffle_seed" in problem.message or "characters long" in problem.message
        str(error)  # the message can be written out
    else:
        assert SEED_RANGE[0] <= value <= SEED_RANGE[1]
        assert loaded.bank.deck.shuffle_seed == value


def test_a_number_longer_than_python_writes_is_refused_at_its_line(tmp_path: Path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK.format(seed="0x" + "f" * 4000), encoding="utf-8")
    try:
        load(bank)
    except BankError as error:
        assert [str(p) for p in error.problems] == [
            f"{bank}:4:17: deck: `0xffffffffffffffffff…` is a number 4,002 characters long, "
            "over the limit of 100; put it in quotes to make it text"
        ]
    else:
        raise AssertionError("a 4,000-digit hex seed loaded")
