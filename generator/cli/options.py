"""Options the commands share: the banks, where outputs go, the size limits, --strict."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.limits import BANK_MB, BANK_MEDIA_MB, MEDIA_FILE_MB, Limits

banks_argument = click.argument(
    "banks",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="BANK...",
)

strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Treat item-writing warnings as errors: exit 1 when there is any.",
)

_megabytes = click.FloatRange(min=0, min_open=True)


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The size limits as options, handed to the command as one `limits` argument."""

    @click.option(
        "--max-mb",
        type=click.IntRange(min=1),
        default=BANK_MB,
        show_default=True,
        help="Refuse a bank file larger than this many megabytes, before parsing it.",
    )
    @click.option(
        "--max-media-mb",
        type=_megabytes,
        default=MEDIA_FILE_MB,
        show_default=True,
        help="Refuse an image or sound file larger than this many megabytes.",
    )
    @click.option(
        "--max-bank-media-mb",
        type=_megabytes,
        default=BANK_MEDIA_MB,
        show_default=True,
        help="Refuse a bank whose images and sounds come to more than this many megabytes.",
    )
    @functools.wraps(command)
    def with_limits(
        *args: Any, max_mb: int, max_media_mb: float, max_bank_media_mb: float, **kwargs: Any
    ) -> Any:
        limits = Limits.in_megabytes(max_mb, max_media_mb, max_bank_media_mb)
        return command(*args, limits=limits, **kwargs)

    return with_limits


def out_dir_option(default: str, what: str) -> Callable[..., Any]:
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=f"Directory for the {what} (created if missing).",
    )
