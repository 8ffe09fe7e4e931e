"""Commands of the `actionplan` CLI, one module each; cli.py registers them on the Typer app."""
