"""MkDocs hook: under `mkdocs serve`, start the figure starter (figures_src/starter.py) at once,
so that it has imported torch by the time a figure module is first saved and the first redraw is
as quick as the next."""

from figures_src import pipeline


def on_startup(command, dirty):
    if command == "serve":
        pipeline.STARTER.start()
