"""python -m figures_src: the command line (figures_src/engine/cli.py)."""

import sys

from figures_src.engine.cli import main

sys.exit(main())
