"""The command line: a thin click layer over `generator.pipeline`.

Each command parses its options, calls the pipeline, prints what it returns
(`report`) and sets the exit code: 0 success, 1 a bank is invalid or a build
failed, 2 wrong usage. Heavy modules are imported inside the commands, so
`--help` stays fast.
"""

from __future__ import annotations

import gc

import click

from generator import __version__
from generator.cli.banks import build, check, preview
from generator.cli.convert import export_command, import_command
from generator.cli.live import push, watch
from generator.cli.schema import schema


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="generator")
def cli() -> None:
    """Turn YAML banks of multiple-choice questions into Anki decks (.apkg).

    Edit a bank in decks/, run `build`, and import the .apkg into Anki
    (File > Import). Re-importing a rebuilt deck updates the questions that
    changed and keeps every learner's review history.
    """


for command in (build, check, schema, preview, push, watch, import_command, export_command):
    cli.add_command(command)


def main() -> None:
    # A speed trick, kept at the edge: a bank's parsed data, its validated
    # classes and its rendered notes are millions of objects and no reference
    # cycles, and every collection while they grow rescans them for nothing (two
    # thirds of a large bank's load time; 1.4 s of an 18 s build of 50,000
    # questions, growing faster than the bank). A command runs once and exits,
    # so the cycle collector stays off for its run. It can go if CPython's
    # collector stops rescanning old objects (an incremental collector).
    gc.disable()
    cli()
