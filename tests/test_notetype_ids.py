"""Field and template ids: in the package, fixed forever, and safe for decks built before them.

Measured with the real Anki importer and Anki's default import options. The
"before" package is the deck as the version without ids built it: the same
package with the ids taken out of its note type, and the lock as that
version left it (the note type's hash without the ids).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from generator import build as build_module
from generator.lock import lock_path_for, read_lock
from generator.notetype import NoteType, note_type_for
from tests.anki_client import AnkiClient
from tests.authoring_support import BUILD_TIME, bank_text, build, question

DECK_ID = "ids"
DECK_NAME = "Ids"
QUESTIONS = [
    question("first", correct=1, tip="Mention the pool."),
    question("second", correct=2),
    question("third"),
]


def _write_bank(directory: Path, deck_id: str = DECK_ID) -> Path:
    deck = {"id": deck_id, "name": deck_id.title(), "recall": True}
    bank = directory / "decks" / f"{deck_id}.yaml"
    bank.parent.mkdir(parents=True, exist_ok=True)
    bank.write_text(bank_text(deck, QUESTIONS), encoding="utf-8")
    return bank


def _anki_note_type(client: AnkiClient, deck_id: str = DECK_ID) -> dict:
    """The note type as the collection holds it now (a copy).

    Anki's Python layer caches note types, and an import does not clear the cache.
    """
    client.col.models._clear_cache()
    return dict(client.col.models.by_name(f"Multiple choice ({deck_id})"))


def _ids_in_anki(note_type: dict) -> tuple[list, list]:
    return [f.get("id") for f in note_type["flds"]], [t.get("id") for t in note_type["tmpls"]]


def _our_note_types(client: AnkiClient) -> list[str]:
    names = (entry.name for entry in client.col.models.all_names_and_ids())
    return sorted(name for name in names if name.startswith("Multiple choice"))


def _hash_without_ids(note_type: NoteType) -> str:
    """The note type's hash as the version without ids wrote it in the lock."""
    templates = [vars(template) for template in note_type.templates]
    payload = json.dumps([note_type.name, note_type.fields, templates, note_type.css])
    return hashlib.sha256(payload.encode()).hexdigest()


def _without_ids(package: Path, out: Path) -> Path:
    """A copy of `package` whose note type has no field or template ids."""
    with zipfile.ZipFile(package) as archive:
        entries = {info.filename: (info, archive.read(info)) for info in archive.infolist()}
    out.parent.mkdir(parents=True, exist_ok=True)
    collection = out.with_suffix(".anki2")
    collection.write_bytes(entries["collection.anki2"][1])
    connection = sqlite3.connect(collection)
    with connection:
        models = json.loads(connection.execute("select models from col").fetchone()[0])
        for model in models.values():
            for part in (*model["flds"], *model["tmpls"]):
                del part["id"]
        connection.execute("update col set models = ?", (json.dumps(models),))
    connection.close()
    entries["collection.anki2"] = (entries["collection.anki2"][0], collection.read_bytes())
    with zipfile.ZipFile(out, "w") as archive:
        for info, data in entries.values():
            archive.writestr(info, data)
    return out


def _built_before_ids(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The bank, its package, and the package as the version without ids built it.

    The bank's lock is left as that version left it: the note type's hash without the ids.
    """
    bank = _write_bank(tmp_path)
    with_ids = build(bank, tmp_path / "first").package
    lock_path = lock_path_for(bank)
    lock = read_lock(lock_path)
    assert lock.note_type is not None
    old_stamp = dataclasses.replace(lock.note_type, hash=_hash_without_ids(note_type_for(DECK_ID)))
    lock_path.write_text(
        dataclasses.replace(lock, note_type=old_stamp).to_json(), encoding="utf-8"
    )
    return bank, with_ids, _without_ids(with_ids, tmp_path / "before" / "ids.apkg")


def _learner(tmp_path: Path) -> AnkiClient:
    return AnkiClient(tmp_path / "learner" / "collection.anki2")


def _notes_state(client: AnkiClient) -> list[tuple]:
    return client.col.db.all("select id, guid, mid, mod, flds, tags from notes order by id")


def test_every_field_and_template_carries_its_id_into_anki(tmp_path: Path):
    ours = note_type_for(DECK_ID)
    client = _learner(tmp_path)
    try:
        client.import_package(build(_write_bank(tmp_path), tmp_path / "dist").package)
        field_ids, template_ids = _ids_in_anki(_anki_note_type(client))
    finally:
        client.close()
    assert field_ids == list(ours.field_ids) and template_ids == list(ours.template_ids)
    assert len(set(field_ids)) == len(ours.fields) and len(set(template_ids)) == 2


def test_two_banks_note_types_share_no_id(tmp_path: Path):
    client = _learner(tmp_path)
    try:
        for deck_id in ("python", "fastapi"):
            package = build(_write_bank(tmp_path, deck_id), tmp_path / "dist").package
            client.import_package(package)
        python, fastapi = (_ids_in_anki(_anki_note_type(client, d)) for d in ("python", "fastapi"))
    finally:
        client.close()
    assert not set(python[0] + python[1]) & set(fastapi[0] + fastapi[1])


def test_the_shipped_decks_ids_never_change():
    """Learners' collections hold these numbers; a change would break every later merge."""
    note_type = note_type_for("fastapi-developer-interview")
    assert dict(zip(note_type.fields, note_type.field_ids, strict=True)) == {
        "Question": 2112536185,
        "Options": 1560564449,
        "Answer": 2011911857,
        "Rationales": 1640773648,
        "Tip": 1695839858,
        "ModelAnswer": 1379469633,
        "Id": 2081707929,
    }
    assert [t.name for t in note_type.templates] == ["Multiple choice", "Say the model answer"]
    assert note_type.template_ids == (2122830880, 1435884424)


def test_a_deck_built_before_the_ids_is_updated_in_place_and_keeps_its_history(tmp_path: Path):
    bank, _, before = _built_before_ids(tmp_path)

    client = _learner(tmp_path)
    try:
        first = client.import_package(before)
        assert first.new == len(QUESTIONS)
        assert _ids_in_anki(_anki_note_type(client)) == ([None] * 7, [None] * 2)
        assert client.review(DECK_NAME, count=100, ease=3) >= 2 * len(QUESTIONS)
        notes, cards, reviews = (
            _notes_state(client),
            client.scheduling_snapshot(),
            client.review_log(),
        )
        note_type_id = _anki_note_type(client)["id"]

        after = build(bank, tmp_path / "dist", BUILD_TIME + 60)
        assert after.changed == (), "no note's content changed"
        note_type_stamp = read_lock(lock_path_for(bank)).note_type
        assert note_type_stamp is not None and note_type_stamp.changed == BUILD_TIME + 60
        counts = client.import_package(after.package)

        assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)
        assert counts.duplicate == len(QUESTIONS), "every note skipped as unchanged"
        assert _our_note_types(client) == [f"Multiple choice ({DECK_ID})"], "no '+' copy"
        learners = _anki_note_type(client)
        assert learners["id"] == note_type_id and learners["mod"] == BUILD_TIME + 60
        ours = note_type_for(DECK_ID)
        assert _ids_in_anki(learners) == (list(ours.field_ids), list(ours.template_ids))
        assert _notes_state(client) == notes, "no note touched"
        assert client.scheduling_snapshot() == cards and client.review_log() == reviews

        again = build(bank, tmp_path / "again", BUILD_TIME + 120).package
        assert again.read_bytes() == after.package.read_bytes()
        counts = client.import_package(again)
        assert (counts.new, counts.updated, counts.duplicate) == (0, 0, len(QUESTIONS))
        assert _anki_note_type(client) == learners, "the note type is left as it was"
        assert _notes_state(client) == notes
    finally:
        client.close()


def test_ids_reach_a_learner_only_with_a_newer_note_type(tmp_path: Path):
    """Why the lock's note type hash includes the ids: an unchanged `mod` is skipped."""
    _, with_ids, before = _built_before_ids(tmp_path)
    client = _learner(tmp_path)
    try:
        client.import_package(before)
        counts = client.import_package(with_ids)  # the ids, under the old note type `mod`
        assert (counts.updated, _our_note_types(client)) == (0, [f"Multiple choice ({DECK_ID})"])
        assert _ids_in_anki(_anki_note_type(client)) == ([None] * 7, [None] * 2)
    finally:
        client.close()


def test_a_note_type_the_learner_edited_later_is_kept_as_it_is(tmp_path: Path):
    """The learner's newer note type wins ("if newer"): no ids yet, but no '+' copy either."""
    bank, _, before = _built_before_ids(tmp_path)
    client = _learner(tmp_path)
    try:
        client.import_package(before)
        edited = client.col.models.by_name(f"Multiple choice ({DECK_ID})")
        edited["css"] += "\n.card { font-size: 30px; }"
        client.col.models.update_dict(edited)  # as Anki's card layout screen saves it
        learners = _anki_note_type(client)
        assert learners["mod"] > BUILD_TIME + 60

        counts = client.import_package(build(bank, tmp_path / "dist", BUILD_TIME + 60).package)
        assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)
        assert _our_note_types(client) == [f"Multiple choice ({DECK_ID})"]
        assert _anki_note_type(client) == learners, "the learner's edit and no ids"
    finally:
        client.close()


def _renamed(note_type: NoteType) -> NoteType:
    """The note type of a future version that renames a field and a template, keeping their ids."""
    fields = tuple("Hint" if name == "Tip" else name for name in note_type.fields)
    templates = tuple(
        dataclasses.replace(t, name="Say the answer") if t.name == "Say the model answer" else t
        for t in note_type.templates
    )
    return dataclasses.replace(note_type, fields=fields, templates=templates)


@pytest.mark.parametrize("with_ids", [True, False], ids=["with ids", "without ids"])
def test_a_renamed_field_and_template_update_in_place_only_with_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_ids: bool
):
    """What the ids buy: a rename is a plain update with the default options.

    Without ids (as genanki writes note types) the same rename gives a '+' copy.
    """
    bank = _write_bank(tmp_path)
    first = build(bank, tmp_path / "dist").package
    client = _learner(tmp_path)
    try:
        client.import_package(first if with_ids else _without_ids(first, tmp_path / "a.apkg"))
        client.review(DECK_NAME, count=100, ease=3)
        notes, cards = _notes_state(client), client.scheduling_snapshot()

        monkeypatch.setattr(
            build_module, "note_type_for", lambda *deck: _renamed(note_type_for(*deck))
        )
        renamed = build(bank, tmp_path / "renamed", BUILD_TIME + 60).package
        if not with_ids:
            renamed = _without_ids(renamed, tmp_path / "b.apkg")
        counts = client.import_package(renamed)

        if not with_ids:
            assert _our_note_types(client) == [
                f"Multiple choice ({DECK_ID})",
                f"Multiple choice ({DECK_ID})+",
            ]
            assert (counts.updated, counts.conflicting) == (0, len(QUESTIONS))
            return
        assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)
        assert _our_note_types(client) == [f"Multiple choice ({DECK_ID})"], "no '+' copy"
        learners = _anki_note_type(client)
        assert [f["name"] for f in learners["flds"]][4] == "Hint"
        assert [t["name"] for t in learners["tmpls"]] == ["Multiple choice", "Say the answer"]
        assert _notes_state(client) == notes and client.scheduling_snapshot() == cards
        note = client.notes("first")[0]
        assert "Mention the pool." in note["Hint"], "each field kept its content"
    finally:
        client.close()
