"""A spreadsheet's questions, saved as CSV: one question a row, under a documented header.

    id, question, option_a ... option_h, correct, why_a ... why_h, tip, tags

`question` and `correct` (the correct option's letter, `a` to `h`) are needed,
the rest may be left empty or out; an empty cell stays absent in the bank.
Cells are plain text. `tags` are separated by spaces or commas. UTF-8 with or
without a byte-order mark; the delimiter and quoting are sniffed (`,`, `;`,
tab or `|`).
"""

from __future__ import annotations

import csv
import difflib
import io
import re

from generator.bank import MAX_OPTIONS
from generator.convert.draft import (
    ConvertError,
    Draft,
    DraftDeck,
    DraftOption,
    DraftQuestion,
)
from generator.convert.escape import plain_to_markdown
from generator.render import LETTERS as ANY_LETTERS

LETTERS = ANY_LETTERS.lower()[:MAX_OPTIONS]
COLUMNS = ("id", "question", *(f"option_{x}" for x in LETTERS), "correct",
           *(f"why_{x}" for x in LETTERS), "tip", "tags")
_SAMPLE = 64 * 1024


def parse_csv(file: str, text: str, stem: str) -> Draft:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:_SAMPLE], delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise ConvertError(file, [(1, f"no CSV header: {error}")]) from None
    unknown = [name for name in header if name not in COLUMNS]
    problems = [(1, f"unknown column `{name}`{_did_you_mean(name)}") for name in unknown]
    problems += [(1, f"no `{name}` column") for name in ("question", "correct")
                 if name not in header]
    if problems:
        raise ConvertError(file, problems + [(1, f"the columns are: {', '.join(COLUMNS)}")])
    draft = Draft(DraftDeck.named(stem))
    line = reader.line_num + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                cells = dict(zip(header, row, strict=False))
                problem = _row(draft, cells, line, len(row) - len(header))
                if problem:
                    problems.append((line, problem))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append((reader.line_num, f"not CSV: {error}"))
    if problems:
        raise ConvertError(file, problems)
    if not draft.questions:
        raise ConvertError(file, [(2, "no question under the header")])
    return draft


def _row(draft: Draft, cells: dict[str, str], line: int, extra: int) -> str | None:
    if extra > 0:
        return f"{extra} more cells than the header has columns"
    value = {name: cell.strip() for name, cell in cells.items()}
    correct = value.get("correct", "").lower()
    if len(correct) != 1 or correct not in LETTERS:
        given = value.get("correct", "")
        return f"`correct` is `{given}`: give the correct option's letter, a to h"
    options = []
    for letter in LETTERS:
        text, why = value.get(f"option_{letter}", ""), value.get(f"why_{letter}", "")
        if text or why or letter == correct:
            options.append(DraftOption(plain_to_markdown(text) or None,
                                       plain_to_markdown(why) or None, letter == correct))
    question = value.get("question", "")
    tags = list(dict.fromkeys(tag for tag in re.split(r"[\s,]+", value.get("tags", "")) if tag))
    draft.questions.append(DraftQuestion(
        value.get("id") or question, plain_to_markdown(question) or None, options,
        tip=plain_to_markdown(value.get("tip", "")) or None, tags=tags, line=line,
    ))
    return None


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, COLUMNS, n=1)
    return f": did you mean `{close[0]}`?" if close else ""
