"""Moodle's Aiken format: a question, its lettered options, then `ANSWER: X`.

    What is the correct answer to this question?
    A. Is it this one?
    B) Maybe this answer?
    ANSWER: B

An option is a capital letter, `.` or `)`, a space, its text. Lines before the
first option are the question (one line in Moodle's documentation; several are
joined with line breaks). Aiken has no feedback and no tips: every `why` stays
absent. Texts are plain text.
"""

from __future__ import annotations

import re

from generator.bank import MAX_OPTIONS
from generator.convert.draft import (
    ConvertError,
    Draft,
    DraftDeck,
    DraftOption,
    DraftQuestion,
    Notice,
)
from generator.convert.escape import HARD_BREAK, plain_to_markdown

_OPTION = re.compile(r"^(?P<letter>[A-Z])[.)][ \t]+(?P<text>.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(?P<letter>\S*)")


def parse_aiken(file: str, text: str, stem: str) -> Draft:
    draft = Draft(DraftDeck.named(stem))
    problems: list[tuple[int, str]] = []
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if answer:
            letters = [letter for letter, _ in options]
            given = answer.group("letter")
            if not question or not options:
                problems.append((number, "`ANSWER:` without a question and its options before it"))
            elif given not in letters:
                problems.append((number, f"`ANSWER: {given}` names no option of the question "
                                         f"(options {', '.join(letters)})"))
            else:
                _add(draft, question, options, given, start)
            question, options = [], []
        elif option and question:
            options.append((option.group("letter"), option.group("text").strip()))
        elif options:
            problems.append((start, "question without an `ANSWER:` line after its options"))
            question, options, start = [line], [], number
        else:
            if not question:
                start = number
            question.append(line)
    if question:
        problems.append((start, "question without an `ANSWER:` line after its options"))
    if problems:
        raise ConvertError(file, problems)
    if not draft.questions:
        raise ConvertError(file, [(1, "no Aiken question found")])
    return draft


def _add(draft: Draft, question: list[str], options: list[tuple[str, str]], answer: str,
         line: int) -> None:
    text = HARD_BREAK.join(plain_to_markdown(part) for part in question)
    if len(options) > MAX_OPTIONS:
        draft.left_out.append(Notice(line, f"{len(options)} options, more than a bank's "
                                           f"{MAX_OPTIONS}: left out"))
        return
    draft.questions.append(DraftQuestion(
        " ".join(question),
        text,
        [DraftOption(plain_to_markdown(body) or None, None, letter == answer)
         for letter, body in options],
        line=line,
    ))
