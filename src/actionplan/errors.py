"""The one domain error of the services: a translatable message, shown by the web page or the CLI."""

from __future__ import annotations

from actionplan.core.messages import Message


class ActionError(Exception):
    """A service refused a request; `message` is an English msgid with params (see core.messages)."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(message.render())

    def render(self, gettext=None) -> str:  # noqa: ANN001 - any gettext callable
        """The message in the active language (Django's gettext by default)."""
        if gettext is None:
            from django.utils.translation import gettext
        return self.message.render(gettext)
