"""Entry point of the `actionplan` script: a what-if forecast of a plan file skips Typer and Django.

Everything else is the Typer application in `actionplan.cli`.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    argv = sys.argv[1:]
    if len(argv) >= 2 and argv[0] == "--lang":  # `actionplan --lang vi forecast FILE`
        os.environ["ACTIONPLAN_LANGUAGE"] = argv[1]
        argv = argv[2:]
    if argv[:1] == ["forecast"]:
        from actionplan.commands.forecast import fast_main

        code = fast_main(argv[1:])
        if code is not None:
            sys.stdout.flush()
            sys.stderr.flush()
            # Everything is written: skip freeing a large plan object by object on the way out
            # (seconds at 100,000 steps); the operating system takes the memory back at once.
            os._exit(code)
    from actionplan.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
