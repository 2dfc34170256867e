"""The one way a user's input file is read: a regular file, opened without blocking, read up to a
limit, so that a FIFO, a device such as /dev/zero or a folder is refused with exit code 2 instead
of hanging or exhausting memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from isecg_kg.errors import InputError

MAX_INPUT_BYTES = 1 << 30  # 1 GiB: far above the graph, far below what fits in memory twice
# One RDF term (isecg_kg.load checks them as the parser hands them out): the graph's longest IRI
# has 175 characters and its longest literal 580; a prefix of 100 KB used 1,000 times is refused
# at its first use instead of spelling out 200 MB of IRIs.
MAX_IRI_LENGTH = 8192
MAX_LITERAL_LENGTH = 1 << 20  # characters
# Blank nodes each the object of the one before (nested `[ ]`, nested lists, a list's items): the
# RDF/XML writer and owlrl are super-linear in the chain; the graph's longest chain (a list) has 43.
MAX_BLANK_CHAIN = 256


def _nonblocking(name: str, flags: int) -> int:
    """Open without waiting for a writer: a FIFO is then refused, not read forever."""
    return os.open(name, flags | os.O_NONBLOCK)


def read_input(path: Path, what: str = "file", limit: int = MAX_INPUT_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them; anything else is an InputError."""
    try:
        with open(path, "rb", opener=_nonblocking) as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise InputError(f"{path}: not a regular file (a device, FIFO or socket)")
            data = stream.read(limit + 1)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {what}") from None
    except FileNotFoundError:
        kind = "a broken link" if path.is_symlink() else "no such file"
        raise InputError(f"{path}: {kind}") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        size = f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"
        raise InputError(f"{path}: a {what} is limited to {size}")
    return data
