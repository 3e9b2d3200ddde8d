"""Import a file of questions as a bank: guess or take its format, read it, write the bank.

Nothing is written unless the whole source could be read; what could not be
mapped is listed (`Draft.left_out`, `Draft.lost`) with its line in the source.
The bank goes to its file whole (and its embedded pictures and sounds beside
it), never over an existing file unless asked to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import replaced
from generator.convert.aiken import parse_aiken
from generator.convert.csv_format import parse_csv
from generator.convert.draft import (
    ConvertError,
    Draft,
    DraftDeck,
    assign_ids,
    settle_categories,
)
from generator.convert.gift import parse_gift
from generator.convert.moodle_xml import parse_moodle_xml
from generator.convert.page import parse_page
from generator.convert.source import read_source, source_text
from generator.convert.yaml_out import bank_yaml
from generator.limits import MAX_SOURCE_BYTES

FORMATS = ("page", "gift", "moodle-xml", "aiken", "csv")
_BY_EXTENSION = {".gift": "gift", ".xml": "moodle-xml", ".csv": "csv", ".tsv": "csv",
                 ".aiken": "aiken"}


@dataclass(frozen=True)
class Imported:
    draft: Draft
    text: str
    """The bank file's text."""
    source_format: str


def guess_format(path: Path, raw: bytes) -> str | None:
    """The format a file's extension says, else the one its content shows, else None."""
    by_extension = _BY_EXTENSION.get(path.suffix.lower())
    return by_extension or _by_content(raw)


def _by_content(raw: bytes) -> str | None:
    head = raw[:65536].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if head.startswith("<?xml") or head.startswith("<quiz"):
        return "moodle-xml"
    if re.search(r"^The interviewer asks: ", head, re.MULTILINE):
        return "page"
    if re.search(r"^\s*ANSWER:\s*[A-Z]\s*$", head, re.MULTILINE):
        return "aiken"
    if re.search(r"\{[^}]*[=~][^}]*\}|^\s*::.+?::|^\s*\$CATEGORY:", head, re.MULTILINE):
        return "gift"
    first = head.split("\n", 1)[0].lower()
    if "question" in first and "correct" in first:
        return "csv"
    return None


def import_source(
    path: Path, source_format: str | None = None, max_bytes: int = MAX_SOURCE_BYTES
) -> Imported:
    """The bank that `path` (in `source_format`, or the one guessed) becomes, or a
    `ConvertError` with every problem that stops it."""
    file = str(path)
    raw = read_source(path, max_bytes)
    chosen = source_format or guess_format(path, raw)
    if chosen is None:
        raise ConvertError(file, [(0, "cannot tell the file's format from its name or "
                                      f"content: give it with --from ({', '.join(FORMATS)})")])
    stem = path.stem
    try:
        if chosen == "moodle-xml":
            folder = f"{DraftDeck.named(stem).id}-media"
            draft = parse_moodle_xml(file, raw, stem, media_folder=folder)
        else:
            parse = {"page": parse_page, "gift": parse_gift, "aiken": parse_aiken,
                     "csv": parse_csv}[chosen]
            draft = parse(file, source_text(file, raw), stem)
    except ConvertError as error:
        seen = _by_content(raw)
        if seen is not None and seen != chosen:
            hint = (0, f"read as {chosen}, but it looks like {seen}: try --from {seen}")
            raise ConvertError(file, [*error.problems, hint]) from None
        raise
    if not draft.questions:
        raise ConvertError(file, [(0, "no question could be imported"),
                                  *((n.line, n.message) for n in draft.left_out)])
    settle_categories(draft)
    assign_ids(draft.questions)
    return Imported(draft, bank_yaml(draft), chosen)


def default_bank_path(imported: Imported, folder: Path = Path("decks")) -> Path:
    return folder / f"{imported.draft.deck.id}.yaml"


def write_import(imported: Imported, out: Path, *, force: bool = False) -> list[Path]:
    """Write the bank to `out` and its media beside it; the files written.

    Refused (`ConvertError`, nothing written) when `out`, or a media file with other
    content, exists and `force` is not given.
    """
    media = {out.parent / relative: data for relative, data in imported.draft.media.items()}
    problems = []
    if out.exists() and not force:
        problems.append((0, f"{out} exists: pass --force to replace it"))
    for path, data in media.items():
        if path.exists() and not force and path.read_bytes() != data:
            problems.append((0, f"{path} exists with other content: pass --force to replace it"))
    if problems:
        raise ConvertError(str(out), problems)
    written = []
    try:
        for path, data in sorted(media.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            with replaced(path) as handle:
                handle.write(data)
            written.append(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        with replaced(out) as handle:
            handle.write(imported.text.encode("utf-8"))
    except OSError as error:
        where = error.filename or out
        raise ConvertError(str(out), [(0, f"cannot write {where}: {error.strerror}")]) from None
    return [*written, out]
