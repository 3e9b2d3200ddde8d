"""`make bench`: the tool's speed and memory against a raw-genanki script (see run.py)."""
