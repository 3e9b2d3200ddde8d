"""Anki's own markup in a card's HTML: sounds, text to speech, LaTeX.

Measured with the real renderer (anki 26.9.3; tests/test_anki_markup.py keeps
measuring it), on the HTML of a whole card side, not of one field:

- `[sound:NAME]` plays NAME (case matters: `[SOUND:x]` is text); an unclosed
  `[sound:`, or `[sound:]`, takes what follows it on the side, up to the
  next `]`, as the file name, the card's own script included;
- `[anki:tts lang=..]...[/anki:tts]` reads its text aloud and hides it, even
  when its two ends are in two fields (case matters);
- `[$]...[/$]`, `[$$]...[/$$]` and `[latex]...[/latex]` (any case) become a
  LaTeX image, made by running TeX on the learner's machine where generation
  is on, again across fields;
- `{{tts ...}}` and the other template syntax in a field is shown as text:
  Anki never reads a field's content as a template.

A text's HTML can only meet another text's, or the template's, across
markup (`</p></div>...<li ...>`), which holds none of these openings: so a
side holds Anki's markup only if a text's HTML holds an opening. Every
opening is refused, closed or not; scanning for them is linear in the text.
"""

from __future__ import annotations

import re

_OPENING = re.compile(r"\[sound:|\[anki:tts\b|\[anki:play:.:\d+\]|\[(?i:\$\$?|latex)\]")
"""Where Anki's markup starts (the desktop reviewer also turns `[anki:play:q:0]` into a
play button)."""
_ENTITY = re.compile(r"&(?:#[0-9xX]|[A-Za-z][A-Za-z0-9]*;)")
_LATEX_CLOSE = {"[$]": "[/$]", "[$$]": "[/$$]", "[latex]": "[/latex]"}
_TTS_CLOSE = "[/anki:tts]"


def might_hold_markup(text: str) -> bool:
    """Whether `text` (Markdown) could render to HTML holding an opening of Anki's markup:
    False is certain, so a text without any needs no rendering to be checked. A text must
    hold `sound:`, `anki:`, `$]` or `latex]`, in any case (Markdown's backslash escapes
    taken out), or an entity that could spell one of their characters."""
    if "\\" in text:
        text = text.replace("\\", "")
    if "&" in text and _ENTITY.search(text):
        return True
    # Substring tests, not one case-blind pattern: ten times faster, and run on every text.
    if ":" not in text and "]" not in text:
        return False
    folded = text.lower()
    return "sound:" in folded or "anki:" in folded or "$]" in folded or "latex]" in folded


def markup_problem(html: str) -> str | None:
    """What Anki would do with the first opening of its markup in `html`, or None."""
    found = _OPENING.search(html)
    if found is None:
        return None
    start, opening = found.start(), found.group()
    if opening.startswith("[anki:play:"):
        return _plays(opening)
    if opening == "[sound:":
        end = html.find("]", found.end())
        if end <= found.end():  # `[sound:]` too: Anki looks on for a name
            return (
                "holds `[sound:` with no file name and `]` after it: on a card, Anki would "
                "take what follows it, up to the next `]` (the card's own script included), "
                "for a sound to play, and hide it; remove it"
            )
        return _plays(html[start : end + 1])
    if opening == "[anki:tts":
        end = html.find(_TTS_CLOSE, start)
        if end < 0:
            return (
                "holds `[anki:tts` with no `[/anki:tts]` after it: on a card, Anki would read "
                "aloud and hide what follows it, up to a `[/anki:tts]` in another text; remove it"
            )
        return _plays(html[start : end + len(_TTS_CLOSE)])
    close = _LATEX_CLOSE[opening.lower()]
    return (
        f"holds `{opening}`, Anki's LaTeX markup: Anki would make what follows it, up to a "
        f"`{close}` in this or another text, into a picture by running LaTeX on the "
        "learner's computer, instead of showing it; remove it"
    )


def _plays(markup: str) -> str:
    return (
        f"holds `{markup}`, which Anki would play as a sound (a play button in its place) "
        "instead of showing it; remove it"
    )
