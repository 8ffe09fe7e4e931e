"""`makemessages` that also collects the core's `N_()` markers (see actionplan.core.messages).

Django's own command has no --keyword option; this one always adds N_ and accepts
`--keyword=NAME` (repeatable) for more, so `make messages` works as documented.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--keyword",
            action="append",
            default=[],
            help="Another gettext keyword for Python files (N_ is always included).",
        )

    def handle(self, *args, **options):
        extra = [f"--keyword={name}" for name in options.pop("keyword") if name != "N_"]
        self.xgettext_options = [*self.xgettext_options, *extra]
        return super().handle(*args, **options)
