"""Compute something in a forked child while this process goes on with something else.

`actionplan forecast FILE` uses it for the suggestions: each is measured by re-running the
forecast, which at 5,000 steps costs about as much as the overloads and the JSON together, so on a
machine with two cores the two halves run side by side. The child inherits everything already
computed (fork copies nothing until it is written) and sends back its result pickled.

The answer is the same either way: where fork is missing, or the child fails for any reason
(killed, out of memory, an exception), the computation runs here instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_parallel(compute: Callable[[], T]) -> Callable[[], T]:
    """Start `compute()` in a child now; the returned function waits for its result."""
    if not hasattr(os, "fork"):
        return compute
    import pickle

    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return compute
    if pid == 0:  # the child: compute, send, and leave without running the parent's clean-up
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as received:
            data = received.read()
        _, status = os.waitpid(pid, 0)
        if status == 0:
            try:
                return pickle.loads(data)  # noqa: S301 - our own child's bytes, through our own pipe
            except Exception:  # noqa: BLE001 - a truncated answer: compute it here instead
                pass
        return compute()

    return result
