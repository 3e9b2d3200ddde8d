"""Turn YAML banks of multiple-choice questions into Anki decks.

The build is a pipeline, one module per stage:

- `bank`: the bank format (dataclasses that pydantic validates, also the source of
  the JSON Schema);
- `loader`: read, parse and validate a bank file, reporting every problem, in
  three steps of their own: `reading` (the file as a file), `strict_yaml`
  (YAML to plain data) and `validation` (data to the `bank` classes: through
  `fitting`, without pydantic, when the data plainly fits them), each
  reporting a `problems.Problem`;
- `media`: the images and sounds the bank's texts name, from its own folder:
  checked, typed by their first bytes and named by their content;
- `render`: the note fields' HTML (Markdown, option order and letters);
- `notetype`: the note type's fields, templates and CSS (files in `templates/`);
- `lock`: when each note last changed, so re-imports update only what changed;
- `package`: write the `.apkg` (via genanki, imported from `genanki_lean`:
  without the asyncio its cache package imports), byte-stable and atomically;
- `build`: the stages strung together for one bank;
- `preview`: every card as Anki renders it, in one static HTML page per bank;
- `cli`: the `build`, `check`, `schema` and `preview` commands.

Beside the pipeline: `anki_text` (what Anki would refuse or rewrite in a
bank, refused when it loads), `offline` (what in a card would load something:
no card reaches the network), `printable` (messages that show control
characters escaped), `identity` (deck, note type and note ids, from slugs),
`atomic` (files replaced whole, never half-written; leftovers swept), `banks` (loading
several banks, and checks across them: deck ids, deck names, note GUIDs,
package names), `positions` (where a value is in its file, found only when a
message needs it), `stats` (what `check` tells an author about a bank),
`itemwriting` (the item-writing checks: cues that give an answer away; those on
an item's words are `cue_checks`, over `cues`, which also scores each cue; both
make `flaws`) and
`schema` (the bank format's JSON Schema, for editors). The card's script (`templates/card.js`)
lets the learner pick an option on the front and shows the pick judged on
the back.
"""

__version__ = "0.1.0"
