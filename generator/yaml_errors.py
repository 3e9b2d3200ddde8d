"""PyYAML's errors, which stop its parser, as problems an author can act on.

A syntax error names its place and, for the mistakes authors make most (a
tab, a text that needs quotes), how to fix it; a character YAML does not
allow is named by its code point.
"""

from __future__ import annotations

import yaml

from generator.problems import Mark, Problem
from generator.reading import mark_at


def yaml_error_problem(
    file: str, text: str, error: yaml.MarkedYAMLError | yaml.reader.ReaderError
) -> Problem:
    """The problem `error`, raised while parsing `text` (from `file`), is for an author."""
    if isinstance(error, yaml.reader.ReaderError):
        message = f"character U+{error.character:04X} is not allowed in YAML: is it a text file?"
        return Problem(file, *mark_at(text, error.position), "bank", message)
    return _syntax_problem(file, error)


def _syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = Mark.of(error.problem_mark or error.context_mark)
    message = error.problem or "invalid YAML"
    if error.context:
        message = f"{error.context}, {message}"
    if error.context_mark and "end of stream" in message:
        # The end of the file is no place to look: point at what was left open.
        mark = Mark.of(error.context_mark)
    if "tab" in message:
        message += " (indent with spaces, not tabs)"
    elif "cannot start any token" in message or "mapping values are not allowed" in message:
        message += (
            " (a text that starts with a backtick, `@` or `%`, or holds `: `, must be in quotes)"
        )
    if "maximum nesting depth" in message:
        message = "nesting is too deep (a bank needs only a few levels)"
    return Problem(file, mark.line, mark.column, "bank", f"YAML syntax error: {message}")
