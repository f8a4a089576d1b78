"""mkdocs-macros module: pages quote the numbers and verdicts that this very build measured.

A page that sets `render_macros: true` in its front matter writes, for example,

    {{ result("xor/results.models.relu.accuracy") | measured("%") }}

which reads <figure outputs>/xor/results.json (written by the page's figure module), looks up
models → relu → accuracy, and prints its mean with the 95 % interval over the seeds, at the
precision that interval supports ("98.9 ± 0.3 %"; the interval also counts the sampling of the
test examples where the summary kept its outcomes per example). A missing file or key fails the
build.

A page states a conclusion about one of the lecture's claims inside the claim's box:

    {% call claim("tanh-larger-gradients", "qualified") %}
    The page's own sentences about it.
    {% endcall %}

The box shows the verdict this build computed (figures_src/claims/) and its evidence. The second
argument is the verdict the page's text was written for: when the build computes another one, it
fails, naming the claim and the page, instead of shipping sentences its data no longer supports.
"""

import functools
import json
import logging

from figures_src.claims import presentation
from figures_src.claims.rules import NOT_TESTED
from figures_src.engine import pipeline
from figures_src.engine.manifest import CLAIM_VERDICTS
from figures_src.science import stats

CLAIMS_PAGE = "claims.md"
LOG = logging.getLogger("mkdocs.plugins.results")


class ClaimChanged(Exception):
    """A claim's verdict is no longer the one a page's text was written for."""


def result(path: str):
    name, *keys = path.split(".")
    results_file = pipeline.OUT_DIR / f"{name}.json"
    value = json.loads(results_file.read_text())
    for depth, key in enumerate(keys):
        if not isinstance(value, dict) or key not in value:
            raise KeyError(f"{results_file} has no {'.'.join(keys[:depth + 1])}")
        value = value[key]
    return value


def measured(numbers: dict, unit: str = "", max_decimals: int | None = None) -> str:
    """A quantity over seeds (a summary, figures_src/science/summaries.py): its mean and 95 % interval
    (over seeds, and over test examples where the summary kept them), shares in percent (unit
    "%"), differences of shares in percentage points (unit "points")."""
    return stats.quoted(stats.measurement(numbers), unit, max_decimals)


def define_env(env):
    def loud(macro):
        """mkdocs-macros reports a macro that raised as a warning, which `mkdocs build -q` hides,
        and then stops the build: say why as an error too, which every verbosity shows."""
        @functools.wraps(macro)
        def reported(*args, **kwargs):
            try:
                return macro(*args, **kwargs)
            except Exception as error:
                page, message = env.page.file.src_uri, str(error)
                LOG.error(message if message.startswith(page) else f"{page}: {type(error).__name__}: {message}")
                raise
        return reported

    env.macro(loud(result), "result")
    env.filter(loud(measured), "measured")

    @env.macro
    @loud
    def claim(id: str, expected: str, caller=None) -> str:
        verdicts = result(CLAIM_VERDICTS.removesuffix(".json"))
        page = env.page.file.src_uri
        if id not in verdicts:
            raise KeyError(f"{page}: no claim {id!r} in figures_src/claims/ledger.py")
        computed = verdicts[id]["verdict"]
        if computed != expected:
            raise ClaimChanged(
                f"{page}: the claim {id!r} now comes out {computed!r}, but this page's text was "
                f"written for {expected!r}. Re-read what the page says about it (the text in its "
                f"box first), then update the text and the expected verdict.")
        record = verdicts[id]
        more = "All the claims" if computed == NOT_TESTED else "How this is decided"
        return presentation.box(record, presentation.headline(record), caller() if caller else "",
                          link=f"[{more}]({CLAIMS_PAGE}#{id})")

    @env.filter
    def percent(value: float, digits: int = 1) -> str:
        return f"{100 * value:.{digits}f} %"

    @env.filter
    def fixed(value: float, digits: int = 3) -> str:
        return f"{value:.{digits}f}"

    @env.filter
    def scientific(value: float, digits: int = 1) -> str:
        return f"{value:.{digits}e}"

    @env.filter
    def seeds_at_chance(accuracies: list[float], chance: float) -> int:
        """How many of the seeds' accuracies are at chance (within tolerances.CHANCE_BAND of it)."""
        return sum(stats.at_chance(accuracy, chance) for accuracy in accuracies)

    env.filter(stats.below_power_of_ten)
