"""python -m figures_src: the command line (figures_src/build/cli.py)."""

import sys

from figures_src.build.cli import main

sys.exit(main())
