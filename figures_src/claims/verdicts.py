"""Every claim a build has the results for, judged: the verdicts, their evidence and margins that
manifest.py writes to verdicts.json and the pages show."""

from __future__ import annotations

from typing import Mapping

from figures_src.claims.evidence import Finding, Results
from figures_src.claims.ledger import CLAIMS, TOPICS
from figures_src.claims.rules import NOT_TESTED, VERDICTS, Ruler


class ClaimFailed(Exception):
    """A claim is placed where no page can show it, its judge raised, or it returned no verdict:
    the message names the claim."""


def judge(files: Mapping[str, bytes]) -> dict[str, dict]:
    """Every claim whose results are among `files` (a build's outputs by path), judged: its
    fields, verdict, evidence and margin (the line its evidence came nearest, per kind of
    distance), and every line its rule drew, by id in the lecture's order."""
    results, verdicts = Results(files), {}
    for item in CLAIMS:
        if item.topic not in TOPICS or item.page.partition(".md")[0] not in TOPICS:
            raise ClaimFailed(f"claim {item.id!r} is placed on {item.page!r} under the topic {item.topic!r}: "
                              f"both must be topic pages ({', '.join(TOPICS)})")
        if not all(f"{name}.json" in files for name in item.needs):
            continue  # a partial build (--only) did not make its experiment
        ruler = Ruler()
        try:
            finding = item.judge(results, ruler) if item.judge else Finding(NOT_TESTED, item.untested_because)
        except Exception as error:
            raise ClaimFailed(f"claim {item.id!r} could not be judged: {type(error).__name__}: {error}") from error
        if finding.verdict not in VERDICTS:
            raise ClaimFailed(f"claim {item.id!r} returned the unknown verdict {finding.verdict!r}")
        verdicts[item.id] = {"topic": item.topic, "page": item.page, "lecture": item.lecture, "ours": item.ours,
                             "says": item.says, "rule": item.rule, "verdict": finding.verdict,
                             "evidence": finding.evidence, "data": [f"{name}.json" for name in item.needs],
                             "margin": [line.as_record() for line in ruler.margin()],
                             "lines": [line.as_record() for line in ruler.lines]}
    return verdicts
