"""The XOR data set, generated like the lecture's (see the XOR page for the facts it follows).

750 points in four Gaussian blobs, one per quadrant; class 0 in the (+, +) and (−, −) quadrants,
class 1 in the other two; features standardised to mean 0 and standard deviation 1.
"""

from __future__ import annotations

import torch

# Points per blob, giving the lecture's 376 points of class 0 and 374 of class 1.
BLOBS = (  # (centre, class, points)
    ((1.0, 1.0), 0, 188),
    ((-1.0, -1.0), 0, 188),
    ((-1.0, 1.0), 1, 187),
    ((1.0, -1.0), 1, 187),
)
SPREAD = 0.375  # per axis before standardising; about 0.35 after, as in the lecture's data
SEED = 1


def xor_data(seed: int = SEED) -> tuple[torch.Tensor, torch.Tensor]:
    """Features (750, 2) in the default dtype (float64 in the build), standardised, and labels
    (750,) as int64; shuffled."""
    generator = torch.Generator().manual_seed(seed)
    features, labels = [], []
    for centre, label, points in BLOBS:
        features.append(torch.tensor(centre) + SPREAD * torch.randn(points, 2, generator=generator))
        labels.append(torch.full((points,), label))
    x, y = torch.cat(features), torch.cat(labels)
    order = torch.randperm(len(y), generator=generator)
    x, y = x[order], y[order]
    return (x - x.mean(0)) / x.std(0), y


def spirals(arms: int = 3, points_per_arm: int = 200, noise: float = 0.35,
            seed: int = SEED) -> tuple[torch.Tensor, torch.Tensor]:
    """Interleaved spiral arms, one class each: hard enough to tell activations apart.

    Features (arms * points_per_arm, 2) in the default dtype, standardised; labels 0 .. arms - 1.
    """
    generator = torch.Generator().manual_seed(seed)
    radius = torch.linspace(0.05, 1.0, points_per_arm)
    features, labels = [], []
    for arm in range(arms):
        angle = (torch.linspace(0, 4.5, points_per_arm) + arm * 2 * torch.pi / arms
                 + noise * torch.randn(points_per_arm, generator=generator))
        features.append(torch.stack([radius * torch.sin(angle), radius * torch.cos(angle)], dim=1))
        labels.append(torch.full((points_per_arm,), arm))
    x, y = torch.cat(features), torch.cat(labels)
    return (x - x.mean(0)) / x.std(0), y
