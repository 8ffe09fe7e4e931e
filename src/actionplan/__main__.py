"""`python -m actionplan` runs the `actionplan` command."""

from actionplan.cli import main

main()
