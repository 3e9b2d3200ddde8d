"""Moodle's GIFT format, as Moodle's own importer reads it (question/format/gift).

Questions are separated by blank lines; `//` starts a comment line; `::name::`
names a question; `{...}` holds the answers (`=` right, `~` wrong, `#`
feedback, `####` general feedback), anywhere in the text: an answer block in
the middle of a sentence shows as a blank (`_____`) there; `$CATEGORY:` sets
the category of the questions after it; `[html]`, `[markdown]`, `[plain]` or
`[moodle]` before a text gives its format; `\\~ \\= \\# \\{ \\} \\:` and `\\\\`
escape, `\\n` is a line break. Single-answer multiple choice and true/false
become bank questions; every other kind is left out, with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.bank import MAX_OPTIONS
from generator.convert.draft import (
    ConvertError,
    Draft,
    DraftDeck,
    DraftOption,
    DraftQuestion,
    Notice,
    category_parts,
)
from generator.convert.text_formats import FORMATS, to_markdown

# Escaped characters wait as noncharacters (never in a text) while the structure is read.
_ESCAPED = {"\\": "\ufdd0", ":": "\ufdd1", "#": "\ufdd2", "=": "\ufdd3", "{": "\ufdd4",
            "}": "\ufdd5", "~": "\ufdd6", "n": "\ufdd7"}
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_RESTORE = str.maketrans({held: ("\n" if char == "n" else char) for char, held in _ESCAPED.items()})
_HELD = re.compile("[\ufdd0-\ufdd7]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d*)?)%")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def parse_gift(file: str, text: str, stem: str) -> Draft:
    draft = Draft(DraftDeck.named(stem))
    problems: list[tuple[int, str]] = []
    category: tuple[str, ...] | None = None
    for line, block in _blocks(text):
        if block.startswith("$CATEGORY:"):
            category = category_parts(block[len("$CATEGORY:"):].translate(_RESTORE)) or None
            continue
        try:
            question = _question(block, line, draft)
        except _Malformed as error:
            problems.append((line, str(error)))
            continue
        if question is not None:
            question.category = category
            draft.questions.append(question)
    if problems:
        raise ConvertError(file, problems)
    if not draft.questions and not draft.left_out:
        raise ConvertError(file, [(1, "no GIFT question found: each needs its answers in "
                                      "`{...}`, with a blank line between questions")])
    return draft


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Each question's text, escapes held, with the line of its first line that is not a
    comment; a comment line counts as a blank one, as in Moodle."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate([*text.split("\n"), ""], 1):
        line = raw.strip()
        if line:
            lines.append((number, line))
            continue
        content = [number for number, line in lines if not line.startswith("//")]
        if content:
            block = "\n".join(" " if line.startswith("//") else line for _, line in lines)
            yield content[0], _ESCAPE.sub(lambda match: _ESCAPED[match.group(1)], block.strip())
        lines = []


class _Malformed(Exception):
    pass


def _question(text: str, line: int, draft: Draft) -> DraftQuestion | None:
    name = None
    if text.startswith("::"):
        end = text.find("::", 2)
        if end != -1:
            name = text[2:end].translate(_RESTORE).strip()
            text = text[end + 2 :].strip()
        else:
            text = text[2:]
    start, finish = text.find("{"), text.find("}")
    if start == -1 and finish == -1:
        draft.left_out.append(Notice(line, "a description (no answers): left out"))
        return None
    if start == -1 or finish == -1 or finish < start:
        raise _Malformed("unbalanced braces: the answers go between `{` and `}` "
                         "(write a literal brace as `\\{` or `\\}`)")
    answers = text[start + 1 : finish].strip()
    blank = "" if text.endswith("}") else "_____"
    question_text = text[:start] + blank + text[finish + 1 :]
    general = ""
    if (separator := answers.rfind("####")) != -1:
        general, answers = answers[separator + 4 :], answers[:separator].strip()
    kind = _kind(answers)
    label = name or question_text.translate(_RESTORE).strip()
    if kind not in ("multichoice", "truefalse"):
        draft.left_out.append(Notice(line, f"`{label[:40]}`: a {kind} question: left out"))
        return None
    question_format, question_raw = _with_format(question_text, "moodle")
    lost: list[str] = []

    def markdown(raw: str) -> str | None:
        text_format, body = _with_format(raw, question_format)
        converted, losses = to_markdown(_restored(body).strip(), text_format)
        lost.extend(losses)
        return converted

    question_md = markdown(question_raw)
    tip = markdown(general) if general.strip() else None
    if kind == "truefalse":
        options = _true_false(answers, markdown)
    else:
        options, why_not = _choices(answers, markdown)
        if why_not:
            draft.left_out.append(Notice(line, f"`{label[:40]}`: {why_not}: left out"))
            return None
    draft.lost += [Notice(line, message) for message in dict.fromkeys(lost)]
    return DraftQuestion(name or label, question_md, options, tip=tip, line=line)


def _restored(text: str) -> str:
    """`text` with its escaped characters back (most texts have none: no copy made)."""
    return text.translate(_RESTORE) if _HELD.search(text) else text


def _kind(answers: str) -> str:
    """The question type, decided as Moodle's importer decides it."""
    if answers == "":
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "matching"
    if answers.split("#", 1)[0].strip() in _TRUE_FALSE:
        return "truefalse"
    return "short-answer"


def _with_format(text: str, default: str) -> tuple[str, str]:
    """A text's `[format]` prefix read off it: the format (or `default`) and the text."""
    stripped = text.strip()
    end = stripped.find("]")
    if stripped.startswith("[") and end != -1 and stripped[1:end] in FORMATS:
        return stripped[1:end], stripped[end + 1 :]
    return default, text


def _true_false(answers: str, markdown) -> list[DraftOption]:  # type: ignore[no-untyped-def]
    parts = answers.split("#", 2)
    truth = _TRUE_FALSE[parts[0].strip()]
    wrong = markdown(parts[1]) if len(parts) > 1 and parts[1].strip() else None
    right = markdown(parts[2]) if len(parts) > 2 and parts[2].strip() else None
    return [
        DraftOption("True", right if truth else wrong, truth),
        DraftOption("False", wrong if truth else right, not truth),
    ]


def _choices(answers: str, markdown) -> tuple[list[DraftOption], str | None]:  # type: ignore[no-untyped-def]
    if "=" not in answers:
        return [], "several answers may be right (no `=` answer)"
    options = []
    weights = []
    for answer in answers.replace("=", "~=").split("~"):
        answer = answer.strip()
        if not answer:
            continue
        weight = 0.0
        if answer.startswith("="):
            weight, answer = 1.0, answer[1:]
        elif found := _WEIGHT.match(answer):
            weight, answer = float(found.group(1)) / 100, answer[found.end() :]
        body, _, feedback = answer.partition("#")
        options.append(DraftOption(markdown(body), markdown(feedback) if feedback.strip() else None,
                                   weight == 1.0))
        weights.append(weight)
    if any(weight not in (0.0, 1.0) for weight in weights):
        return [], "partial credit (`%n%` weights)"
    if weights.count(1.0) > 1:
        return [], "more than one right answer"
    if len(options) > MAX_OPTIONS:
        return [], f"{len(options)} answers, more than a bank's {MAX_OPTIONS}"
    if len(options) < 2:
        return [], "fewer than two answers"
    return options, None
