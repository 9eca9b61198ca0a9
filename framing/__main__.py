"""``python -m framing``: the ``framing`` command (e.g. ``python -X importtime -m framing --help``
to see what a command imports)."""

from ._launch import main

main()
