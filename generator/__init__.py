"""Turn YAML banks of multiple-choice questions into Anki decks.

Start with `generator.pipeline`: `check_banks`, `build_banks` and
`preview_banks` tell the whole pipeline (load -> media -> clashes across
banks -> item-writing warnings -> build) in a few lines, one stage a module.
`generator.cli` is the command line on top of it; `generator.bank` is the
bank format. docs/architecture.md lists every module with its one job.
"""

__version__ = "0.1.0"
