"""Large blocks of memory handed back to the system as soon as they are freed.

The command line repairs a long input a megabyte at a time, and each piece passes through
a few strings of that size (bytes, decoded text, repaired text). glibc serves blocks that
large with ``mmap`` at first, but after the first one is freed it raises its threshold and
takes the next from the heap, where they are reused badly and rarely returned: peak memory
then grows by a fifth (20 MB of damaged prose: 78 MB instead of 67). A fixed threshold
keeps every large block mapped on its own, as the first ones were.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h
THRESHOLD = 128 * 1024  # glibc's own starting value


def return_large_blocks() -> bool:
    """Fix glibc's mmap threshold for this process (nothing elsewhere); True if it took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, THRESHOLD))
    except (OSError, AttributeError):  # another C library (musl has no mallopt)
        return False
