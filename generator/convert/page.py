"""The practice-page text: an interview practice page, as copied from the browser.

    5 technical interview questions with model answers — practise ...     (the description)
    1 / 5
    The interviewer asks: "Why ...?" Which answer best demonstrates X expertise?
    Option B is strongest because ... Option A is incorrect — ... X interview best practice: ...

Each question's text is in quotes after "The interviewer asks:", the framing
after it is the deck's prompt (with the question itself as "you this"), the
line after it holds the rationales: "Option X is strongest" marks the correct
letter, each "Option X ..." sentence is that option's `why` (written "This
answer ...", as a card shows it beside the option), and "... interview best
practice: ..." is the tip. The options' own texts are not on the page: they
stay absent, for the author to write.
"""

from __future__ import annotations

import re

from generator.convert.draft import (
    ConvertError,
    Draft,
    DraftDeck,
    DraftOption,
    DraftQuestion,
    Notice,
)
from generator.convert.escape import plain_to_markdown
from generator.render import LETTERS

_ASKS = re.compile(r'^The interviewer asks: ["“](?P<question>.+?)["”]\s+(?P<framing>.+)$')
_EXPERTISE = re.compile(r"\bdemonstrates (?P<role>.+?) expertise\b")
_COUNTER = re.compile(r"^\d+ / \d+(?: completed)?$")
_TIP = re.compile(r"(?:^|(?<=[.!?] ))[^.!?]*?\binterview best practice: (?P<tip>.+)$")
_OPTION = re.compile(r"(?:^|(?<=[.!?] ))Option (?P<letter>[A-H])\b")
_STRONGEST = re.compile(r"^Option (?P<letter>[A-H]) is strongest\b")


def parse_page(file: str, text: str, stem: str) -> Draft:
    lines = text.split("\n")
    asks = [(number, match) for number, line in enumerate(lines, 1)
            if (match := _ASKS.match(line.strip()))]
    if not asks:
        raise ConvertError(file, [(1, 'no question found: a practice page asks each one in a '
                                      'line "The interviewer asks: \\"...\\" Which answer ...?"')])
    framing = asks[0][1].group("framing")
    role = _EXPERTISE.search(framing)
    name = f"{role.group('role')} Interview" if role else stem
    prompt = plain_to_markdown(f"The interviewer asks you this. {framing}")
    draft = Draft(DraftDeck.named(name, description=lines[0].strip() or None, prompt=prompt))
    used = {1} | {number for number, _ in asks} | {number + 1 for number, _ in asks}
    problems: list[tuple[int, str]] = []
    for number, match in asks:
        if match.group("framing") != framing:
            draft.lost.append(Notice(number, "a framing unlike the first question's: the deck "
                                             "prompt is the first one's"))
        rationale = lines[number].strip() if number < len(lines) else ""
        question = _question(match.group("question"), rationale, number)
        if question is None:
            problems.append((number + 1, 'no rationale after the question: a line with '
                                         '"Option X is strongest because ..." was expected'))
        else:
            draft.questions.append(question)
    for number, line in enumerate(lines, 1):
        if number not in used and line.strip() and not _COUNTER.match(line.strip()):
            draft.left_out.append(Notice(number, f"not part of a question: `{line.strip()[:60]}`"))
    if problems:
        raise ConvertError(file, problems)
    return draft


def _question(question: str, rationale: str, line: int) -> DraftQuestion | None:
    strongest = _STRONGEST.match(rationale)
    if strongest is None:
        return None
    tip = None
    if found := _TIP.search(rationale):
        tip_text = found.group("tip").strip()
        tip = plain_to_markdown(tip_text[:1].upper() + tip_text[1:])
        rationale = rationale[: found.start()].rstrip()
    starts = list(_OPTION.finditer(rationale))
    whys: dict[str, str] = {}
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(rationale)
        sentence = rationale[start.end() : end].strip()
        whys.setdefault(start.group("letter"), plain_to_markdown(f"This answer {sentence}"))
    count = max(LETTERS.index(letter) for letter in whys) + 1
    options = [
        DraftOption(None, whys.get(letter), letter == strongest.group("letter"))
        for letter in LETTERS[: max(count, 2)]
    ]
    return DraftQuestion(question, plain_to_markdown(question), options, tip=tip, line=line)
