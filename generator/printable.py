"""Words for messages: text made safe to print (what a bank holds is shown, never acted
on by the terminal), and counts with their noun in the right number."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with every character a terminal would act on or hide (controls, line and
    paragraph separators, bidi and other format characters, lone surrogates) escaped,
    as Python writes them: a message shows what a bank holds, and does nothing to the screen."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else _escaped(char) for char in text)


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def counted(count: int, noun: str) -> str:
    """`1 question`, `2 questions`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
