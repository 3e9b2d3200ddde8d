"""Identity: the ids that tie a learner's cards to the bank across rebuilds.

Every id derives from the bank's slugs, never from content, so editing a
question updates its note instead of creating a new one.
"""

from __future__ import annotations

import hashlib

from generator.genanki_lean import genanki


def note_guid(deck_id: str, question_id: str) -> str:
    return genanki.guid_for("mcq-note", deck_id, question_id)


def model_id(deck_id: str) -> int:
    return _stable_int("mcq-model", deck_id)


def anki_deck_id(deck_id: str) -> int:
    return _stable_int("mcq-deck", deck_id)


def field_id(deck_id: str, number: int) -> int:
    """The Anki id of the note type's field `number` (a field's permanent number, not its name)."""
    return _stable_int(f"mcq-field-{number}", deck_id)


def template_id(deck_id: str, number: int) -> int:
    """The Anki id of the note type's card template `number` (its permanent number)."""
    return _stable_int(f"mcq-template-{number}", deck_id)


def _stable_int(kind: str, deck_id: str) -> int:
    """A positive id in Anki's range, fixed for a given slug."""
    digest = hashlib.sha256(f"{kind}:{deck_id}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)
