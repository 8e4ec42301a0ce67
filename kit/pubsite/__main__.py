"""``python -m pubsite``: the ``pubsite`` command (``pubsite.commands.cli``)."""

import sys

from pubsite.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
