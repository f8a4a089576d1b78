"""The PyTorch API's claims: one judge per claim of the ledger (ledger.py), named after it."""

from __future__ import annotations


from figures_src.claims.evidence import Finding, Results
from figures_src.claims.rules import CONFIRMED, CONTRADICTED, ORDERS, Ruler
from figures_src.science.stats import below_power_of_ten, rounding_level
from figures_src.tolerances import FLOAT32_ROUNDING, LOST_PRECISION


def cross_entropy_takes_logits(results: Results, ruler: Ruler) -> Finding:
    losses = results("pytorch-api/results")["losses"]
    agree = not ruler.above("the two losses' difference", rounding_level(losses["difference"]), FLOAT32_ROUNDING, ORDERS)
    return Finding(CONFIRMED if agree else CONTRADICTED,
                   f"On 16 random examples of 10 classes, `cross_entropy` gives "
                   f"{losses['cross_entropy']:.4f} and `nll_loss` of `log_softmax` "
                   f"{losses['nll_of_log_softmax']:.4f}: a difference {below_power_of_ten(losses['difference'])}.")


def log_softmax_stable(results: Results, ruler: Ruler) -> Finding:
    rows = results("pytorch-api/results")["stability"]

    def error(row: dict, key: str) -> float:
        return abs(row[key] - row["exact"]) / abs(row["exact"])

    broken = [row["gap"] for row in rows
              if ruler.above(f"log(softmax)'s error at a gap of {row['gap']}", error(row, "log_of_softmax"), LOST_PRECISION, ORDERS)]
    worst_stable = max(error(row, "log_softmax") for row in rows)
    stable = not ruler.above("log_softmax's largest error", rounding_level(worst_stable), FLOAT32_ROUNDING, ORDERS)
    verdict = CONFIRMED if broken and stable else CONTRADICTED
    infinite = [row["gap"] for row in rows if row["log_of_softmax"] == float("-inf")]
    gaps = ", ".join(str(row["gap"]) for row in rows)
    return Finding(verdict, f"Of the gaps tried ({gaps}), `log(softmax)`'s relative error exceeds 10⁻³ at "
                            f"{', '.join(map(str, broken)) or 'none'}, returning −∞ from {infinite[0] if infinite else '–'} "
                            f"on; `log_softmax`'s relative error stays {below_power_of_ten(worst_stable)} at every gap.")


def sequential_same_network(results: Results, ruler: Ruler) -> Finding:
    two_ways = results("pytorch-api/results")["two_ways"]
    same = ruler.exactly("the two networks' logits, their largest difference", two_ways["max_abs_difference"], 0)
    verdict = CONFIRMED if same else CONTRADICTED
    return Finding(verdict, f"Both hold the same {len(two_ways['keys'])} tensors "
                            f"({two_ways['parameters']:,} parameters); their logits differ by "
                            f"{two_ways['max_abs_difference']:g}.")
