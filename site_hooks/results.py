"""mkdocs-macros module: pages quote the numbers that this very build measured.

A page that sets `render_macros: true` in its front matter writes, for example,

    {{ result("xor/results.models.relu.accuracy.mean") | percent }}

which reads <figure outputs>/xor/results.json (written by the page's figure module) and looks up
models → relu → accuracy → mean. A missing file or key fails the build; it never prints blank.
"""

import json

from figures_src import pipeline


def result(path: str):
    name, *keys = path.split(".")
    results_file = pipeline.OUT_DIR / f"{name}.json"
    value = json.loads(results_file.read_text())
    for depth, key in enumerate(keys):
        if not isinstance(value, dict) or key not in value:
            raise KeyError(f"{results_file} has no {'.'.join(keys[:depth + 1])}")
        value = value[key]
    return value


def define_env(env):
    env.macro(result)

    @env.filter
    def percent(value: float, digits: int = 1) -> str:
        return f"{100 * value:.{digits}f} %"

    @env.filter
    def fixed(value: float, digits: int = 3) -> str:
        return f"{value:.{digits}f}"

    @env.filter
    def scientific(value: float, digits: int = 1) -> str:
        return f"{value:.{digits}e}"
