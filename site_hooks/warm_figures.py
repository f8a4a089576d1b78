"""MkDocs hook: under `mkdocs serve`, start the figure starter (figures_src/starter.py) at once,
so that it has imported torch by the time a figure module is first saved, and make figures the
moment a figure module is saved (pipeline.build_on_save), not half a second later when MkDocs'
watcher notices."""

import os

from figures_src import pipeline


def on_startup(command, dirty):
    if command == "serve":
        pipeline.STARTER.start()
        pipeline.build_on_save(device=os.environ.get("FIGURES_DEVICE", "cpu"))
