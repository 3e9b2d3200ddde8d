"""The `schema` command: the bank format's JSON Schema, for editors."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write it.  [default: schema/bank.schema.json]",
)
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the file is missing or out of date.",
)
def schema(out_path: Path | None, check_only: bool) -> None:
    """Write the JSON Schema of the bank format, for editors.

    A bank whose first line is `# yaml-language-server: $schema=../schema/bank.schema.json`
    gets key completion and live errors in editors with a YAML language server.
    """
    from generator.schema import SCHEMA_PATH, schema_text, write_schema

    path = out_path or SCHEMA_PATH
    if check_only:
        try:
            current = path.read_text(encoding="utf-8") == schema_text()
        except OSError:
            current = False
        if not current:
            click.echo(f"{path} is missing or out of date: run `make schema`", err=True)
            raise SystemExit(1)
        click.echo(f"{path}: up to date")
        return
    try:
        written = write_schema(path)
    except OSError as error:
        click.echo(f"error: cannot write {path}: {error.strerror}", err=True)
        raise SystemExit(1) from None
    click.echo(f"{path}: {'written' if written else 'already up to date'}")
