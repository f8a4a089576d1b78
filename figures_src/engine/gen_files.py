"""The mkdocs-gen-files entry: current figures in, virtual files under figures/ out.

Runs inside MkDocs. When nothing changed it only verifies checksums (torch is never imported
here); otherwise on_demand.ensure_built regenerates what changed in a fresh subprocess.
"""

import os

import mkdocs_gen_files
from mkdocs.exceptions import PluginError

from figures_src.engine import on_demand, pipeline
from figures_src.engine.manifest import published
from figures_src.engine.runner import FigureFailed

try:
    manifest = on_demand.ensure_built(device=os.environ.get("FIGURES_DEVICE", "cpu"))
except FigureFailed as failure:  # MkDocs reports a PluginError in one line, no traceback
    raise PluginError(str(failure)) from None
for entry in published(manifest):
    with mkdocs_gen_files.open(f"figures/{entry['path']}", "wb") as virtual_file:
        virtual_file.write((pipeline.OUT_DIR / entry["path"]).read_bytes())
