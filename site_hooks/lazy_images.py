"""MkDocs hook: every image on every page loads lazily.

Each figure exists twice, for the light and the dark scheme, and the browser skips a lazy image
that is hidden: readers download one scheme's figures, only as they scroll to them.
"""

import re

IMG_WITHOUT_LOADING = re.compile(r"<img(?![^>]*\bloading=)")


def on_page_content(html, page, config, files):
    return IMG_WITHOUT_LOADING.sub('<img loading="lazy"', html)
