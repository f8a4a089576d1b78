"""Times training every XOR model at once against training them one after another.

    python benchmarks/batched_training.py [--device cpu|cuda] [--repeat N]

Both ways train the same 190 networks (19 models × 10 seeds, the XOR page's set-up) from the
same initial weights, in float64 on one thread as the build does; the script checks that they end with the same losses (to 1e-5) and prints
the median time of each and their ratio. Model construction is included in both.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from figures_src.engine.runner import fixed_numerics
from figures_src.science.data import xor_data
from figures_src.science.models import XOR_MODELS
from figures_src.science.training import Settings, ModelStack, seeded_model, train, train_one


def synchronise(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def batched(x, y, settings: Settings, device: str) -> tuple[float, torch.Tensor]:
    synchronise(device)
    started = time.perf_counter()
    run = train(ModelStack(XOR_MODELS, settings.seeds).to(device), x, y, settings)
    final = run.losses[-1].cpu()
    return time.perf_counter() - started, final


def one_after_another(x, y, settings: Settings, device: str) -> tuple[float, torch.Tensor]:
    synchronise(device)
    started = time.perf_counter()
    final = [train_one(seeded_model(name, seed).to(device), x, y, settings)[-1]
             for name in XOR_MODELS for seed in settings.seeds]
    final = torch.stack(final).cpu()
    return time.perf_counter() - started, final


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    fixed_numerics()  # as the build computes: float64, one thread
    settings = Settings()
    x, y = (tensor.to(args.device) for tensor in xor_data())
    batched(x, y, settings, args.device)  # warm-up: first calls allocate and load kernels
    times = {"batched": [], "one after another": []}
    for _ in range(args.repeat):
        seconds, batched_losses = batched(x, y, settings, args.device)
        times["batched"].append(seconds)
        seconds, single_losses = one_after_another(x, y, settings, args.device)
        times["one after another"].append(seconds)
    difference = float((batched_losses - single_losses).abs().max())
    median = {name: statistics.median(values) for name, values in times.items()}
    name = torch.cuda.get_device_name() if args.device == "cuda" else f"{torch.get_num_threads()} CPU threads"
    print(f"{len(batched_losses)} networks, {settings.epochs} epochs, on {name} (torch {torch.__version__})")
    print("| training | seconds (median of %d) |" % args.repeat)
    print("|---|---|")
    for key, seconds in median.items():
        print(f"| {key} | {seconds:.3f} |")
    print(f"\nspeed-up: {median['one after another'] / median['batched']:.1f}x; "
          f"largest difference in final loss: {difference:.1e}")
    if difference > 1e-5:
        raise SystemExit("the two ways disagree by more than 1e-5")


if __name__ == "__main__":
    main()
