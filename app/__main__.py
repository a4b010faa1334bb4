"""Allow ``python -m app`` as well as the ``journeymap`` console script."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
