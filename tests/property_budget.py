"""How many examples a property test draws: all of them in `make test` (what CI runs), a third in
`make check`, the everyday loop (ISECG_KG_TEST_EXAMPLES=quick), where the gate's test alone cost
9 of about 160 s of CPU. Hypothesis keeps the failures it finds in .hypothesis/ and tries them
first in either stage."""

from __future__ import annotations

import os

QUICK_SHARE = 1 / 3


def examples(count: int) -> int:
    """`count` in the full run; a third of it (at least 20) in the quick stage."""
    if os.environ.get("ISECG_KG_TEST_EXAMPLES") == "quick":
        return max(20, round(count * QUICK_SHARE))
    return count
