"""Moodle XML: the question bank export of Moodle, as its XML format documentation defines it.

`multichoice` questions with `<single>true</single>`, one answer at
`fraction="100"` and the others at 0, and `truefalse` questions become bank
questions: each answer's `<feedback>` its `why`, `<generalfeedback>` the tip,
`<tags>` its tags, and the `category` before it the deck's name and a tag
(see `draft.settle_categories`). Texts are converted
from their format (HTML by default) to Markdown; embedded files
(`<file encoding="base64">`, referenced as `@@PLUGINFILE@@/name`) are written
beside the bank and referenced from it. The XML is parsed by defusedxml: a
DTD, entity declarations (the "billion laughs") and external references are
refused, never expanded or fetched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import posixpath
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from generator.bank import MAX_OPTIONS
from generator.convert.draft import (
    ConvertError,
    Draft,
    DraftDeck,
    DraftOption,
    DraftQuestion,
    Notice,
    category_parts,
    slug,
    tag_of,
)
from generator.convert.exporting import PLUGINFILE
from generator.convert.text_formats import to_markdown
from generator.limits import MEDIA_FILE_MB, MEGABYTE
from generator.media_types import SUPPORTED, sniff

_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain",
            "markdown": "markdown"}
_KEPT_OUT = ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback", "hint")


class _Skip(Exception):
    """A question that cannot be a bank question; the message says why."""


def parse_moodle_xml(file: str, raw: bytes, stem: str, media_folder: str) -> Draft:
    root, lines = _parse(file, raw)
    if root.tag != "quiz":
        raise ConvertError(file, [(lines.get(root, 1), f"the root element is <{root.tag}>, "
                                                       "not <quiz>: is it Moodle XML?")])
    draft = Draft(DraftDeck.named(stem))
    category: tuple[str, ...] | None = None
    for element in root.iter("question"):
        line = lines.get(element, 0)
        kind = element.get("type", "")
        if kind == "category":
            category = category_parts(_text(element.find("category"))) or None
            continue
        name = _text(element.find("name"))
        reader = _Reader(draft, media_folder)
        try:
            question = _question(element, kind, name, reader)
        except _Skip as why:
            draft.left_out.append(Notice(line, f"`{name[:40]}`: {why}: left out"))
            continue
        question.line = line
        question.category = category
        question.tags = list(dict.fromkeys(_tags(element)))
        draft.questions.append(question)
        draft.media.update(reader.media)
        draft.lost += [Notice(line, message) for message in dict.fromkeys(reader.lost)]
    if not draft.questions and not draft.left_out:
        raise ConvertError(file, [(lines.get(root, 1), "no <question> in the file")])
    return draft


def _parse(file: str, raw: bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's root, and the line each element starts on."""
    lines: dict[ET.Element, int] = {}

    class Builder(ET.TreeBuilder):
        def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
            element = super().start(tag, attrs)
            lines[element] = parser.parser.CurrentLineNumber
            return element

    parser = DefusedXMLParser(target=Builder(), forbid_dtd=True)
    try:
        parser.feed(raw)
        root = parser.close()
    except ET.ParseError as error:
        line = error.position[0]
        reason = str(error).split(":")[0]
        raise ConvertError(file, [(line, f"not well-formed XML ({reason}): is the file whole, "
                                         "and all of it UTF-8?")]) from None
    except DTDForbidden:
        line = parser.parser.CurrentLineNumber
        raise ConvertError(file, [(line, "a DTD (<!DOCTYPE>) is refused: Moodle XML has none, "
                                         "and entities are never expanded")]) from None
    except EntitiesForbidden:
        line = parser.parser.CurrentLineNumber
        raise ConvertError(file, [(line, "entity declarations are refused (never expanded)")]) \
            from None
    except ExternalReferenceForbidden:
        line = parser.parser.CurrentLineNumber
        raise ConvertError(file, [(line, "an external reference is refused (never fetched)")]) \
            from None
    return root, lines


class _Reader:
    """One question's texts as Markdown, with the files they embed."""

    def __init__(self, draft: Draft, media_folder: str):
        self.draft = draft
        self.folder = media_folder
        self.media: dict[str, bytes] = {}
        self.lost: list[str] = []

    def markdown(self, holder: ET.Element | None) -> str | None:
        if holder is None:
            return None
        files = {unquote(item.get("name", "")): item for item in holder.findall("file")}
        used: dict[str, str] = {}

        def file_path(src: str) -> str | None:
            if src.startswith("data:image/"):
                return src  # a picture written into the text travels in it
            if not src.startswith(PLUGINFILE):
                return None
            name = unquote(src[len(PLUGINFILE):]).lstrip("/")
            if name not in files:
                return None
            if name not in used:
                used[name] = self._file(name, files[name])
            return used[name]

        text_format = _FORMATS.get(holder.get("format", "moodle_auto_format"), "html")
        markdown, lost = to_markdown(_text(holder.find("text")), text_format, file_path)
        self.lost += lost
        self.lost += [f"embedded file `{name}` is not used by its text: left out"
                      for name in files if name not in used]
        return markdown

    def _file(self, name: str, element: ET.Element) -> str:
        if element.get("encoding", "base64") != "base64":
            raise _Skip(f"file `{name}` is not base64-encoded")
        try:
            data = base64.b64decode("".join((element.text or "").split()), validate=True)
        except binascii.Error:
            raise _Skip(f"file `{name}` is not valid base64") from None
        kind = sniff(data[:4096])
        if kind is None:
            raise _Skip(f"embedded file `{name}` is of a type a card cannot show ({SUPPORTED})")
        if len(data) > MEDIA_FILE_MB * MEGABYTE:
            raise _Skip(f"embedded file `{name}` is over {MEDIA_FILE_MB} MB")
        stem = slug(posixpath.splitext(posixpath.basename(name))[0]) or "file"
        path = f"{self.folder}/{stem}{kind.extensions[0]}"
        taken = self.draft.media.get(path, self.media.get(path))
        if taken is not None and taken != data:
            digest = hashlib.sha256(data).hexdigest()[:8]
            path = f"{self.folder}/{stem}-{digest}{kind.extensions[0]}"
        self.media[path] = data
        return path


def _question(element: ET.Element, kind: str, name: str, reader: _Reader) -> DraftQuestion:
    if kind not in ("multichoice", "truefalse"):
        raise _Skip(f"a {kind or 'untyped'} question")
    if kind == "multichoice" and _text(element.find("single")).lower() not in ("true", "1"):
        raise _Skip("several answers may be right (<single>false</single>)")
    answers = element.findall("answer")
    fractions = [_fraction(answer.get("fraction", "0")) for answer in answers]
    if any(fraction not in (0.0, 100.0) for fraction in fractions):
        raise _Skip("partial credit (a fraction other than 100 or 0)")
    if fractions.count(100.0) != 1:
        raise _Skip(f"{fractions.count(100.0)} answers at 100%: a bank question has one")
    if not 2 <= len(answers) <= MAX_OPTIONS:
        raise _Skip(f"{len(answers)} answers: a bank question has 2 to {MAX_OPTIONS}")
    options = []
    for answer, fraction in zip(answers, fractions, strict=True):
        if kind == "truefalse":
            text = "True" if _text(answer.find("text")).strip().lower() == "true" else "False"
        else:
            text = reader.markdown(answer)
        options.append(DraftOption(text, reader.markdown(answer.find("feedback")),
                                   fraction == 100.0))
    for kept_out in _KEPT_OUT:
        for part in element.findall(kept_out):
            if _text(part.find("text")).strip():
                reader.lost.append(f"<{kept_out}> has no place in a bank: left out")
    question = reader.markdown(element.find("questiontext"))
    tip = reader.markdown(element.find("generalfeedback"))
    return DraftQuestion(name or (question or ""), question, options, tip=tip)


def _fraction(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return -1.0


def _tags(element: ET.Element) -> list[str]:
    found = (tag_of([_text(tag.find("text")).strip()]) for tag in element.iter("tag"))
    return [tag for tag in found if tag]


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    inner = element.find("text")
    target = inner if inner is not None and element.tag != "text" else element
    return target.text or ""
