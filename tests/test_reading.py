"""Reading a bank file: every byte up to the limit, whatever size the file claimed."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st

from generator.reading import read_at_most


@given(
    content=st.binary(max_size=300),
    limit=st.integers(min_value=1, max_value=400),
    claimed=st.integers(min_value=0, max_value=400),
)
def test_reads_up_to_the_limit_whatever_size_was_claimed(content: bytes, limit: int, claimed: int):
    # A device or pipe claims 0 bytes; a file that grows while read claims too few.
    assert read_at_most(io.BytesIO(content), limit, claimed) == content[:limit]


def test_a_file_of_the_claimed_size_is_read_in_one_call():
    reads = []

    class Counted(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append(size)
            return super().read(size)

    assert read_at_most(Counted(b"x" * 1000), 10_000, 1000) == b"x" * 1000
    assert reads == [1001, 9000]  # the second finds the end of the file
