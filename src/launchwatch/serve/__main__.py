"""``python -m launchwatch.serve``: the ``serve`` command, before or without the CLI group."""

from launchwatch.serve.commands import serve

serve()
