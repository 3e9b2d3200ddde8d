"""Aiken and CSV imports."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from generator.convert.draft import ConvertError
from generator.convert.importing import import_source
from tests.convert_support import bank_data, write_source

AIKEN = """What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most open-source users?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
"""


def test_aiken_questions_options_and_answer(tmp_path: Path):
    data = bank_data(import_source(write_source(tmp_path, "quiz.txt", AIKEN)))
    first, second = data["questions"]
    assert first["question"] == "What is the correct answer to this question?"
    assert first["options"][3] == {"text": "Must be this one!", "correct": True}
    assert all("why" not in option for option in first["options"])
    assert [o["text"] for o in second["options"]] == [
        "Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias"
    ]
    assert second["options"][0]["correct"] is True


def test_aiken_answer_naming_no_option_is_an_error_at_its_line(tmp_path: Path):
    source = write_source(tmp_path, "bad.txt", AIKEN.replace("ANSWER: A", "ANSWER: H"))
    with pytest.raises(ConvertError) as error:
        import_source(source, "aiken")
    assert error.value.problems[0][0] == 15


CSV = (
    "id,question,option_a,option_b,option_c,correct,why_a,why_b,tip,tags\n"
    'ports,"Which port, by default?",443,80,,a,"TLS, by default.",,Know them,net web\n'
    ",What is `x`?,one,two,three,C,,,,\n"
)


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["no-bom", "bom"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_any_dialect_with_or_without_bom(tmp_path: Path, bom: bytes, delimiter: str):
    import csv
    import io

    rows = list(csv.reader(io.StringIO(CSV)))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    source = write_source(tmp_path, "quiz.csv", bom + out.getvalue().encode("utf-8"))
    data = bank_data(import_source(source))
    first, second = data["questions"]
    assert first["id"] == "ports"
    assert first["question"] == "Which port, by default?"
    assert first["options"] == [{"text": "443", "correct": True, "why": "TLS, by default."},
                                {"text": "80"}]
    assert first["tip"] == "Know them"
    assert first["tags"] == ["net", "web"]
    assert second["question"] == "What is \\`x\\`?"
    assert second["options"][2] == {"text": "three", "correct": True}


def test_csv_with_an_unknown_column_names_it(tmp_path: Path):
    source = write_source(tmp_path, "quiz.csv", "question,optoin_a,correct\nq,a,a\n")
    with pytest.raises(ConvertError, match="did you mean `option_a`"):
        import_source(source)


def test_csv_row_with_a_bad_correct_letter_is_an_error_at_its_line(tmp_path: Path):
    source = write_source(tmp_path, "quiz.csv", CSV.replace(",C,", ",Z,"))
    with pytest.raises(ConvertError) as error:
        import_source(source)
    assert error.value.problems == [(3, error.value.problems[0][1])]
