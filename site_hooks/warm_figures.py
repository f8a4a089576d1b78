"""MkDocs hook: under `mkdocs serve`, start the figure starter (figures_src/engine/starter.py) at once,
so that it has imported torch by the time a figure module is first saved, and make figures the
moment a figure module is saved (on_demand.build_on_save), not half a second later when MkDocs'
watcher notices."""

import os

from figures_src.engine import on_demand


def on_startup(command, dirty):
    if command == "serve":
        on_demand.STARTER.start()
        on_demand.build_on_save(device=os.environ.get("FIGURES_DEVICE", "cpu"))
