"""The drawing: the site's two colour schemes and sizes (style.py), deterministic PNG and
video files (render.py), and panels several pages share (panels.py)."""
