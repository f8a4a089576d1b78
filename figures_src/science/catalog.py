"""The catalogue of activation functions.

One entry per function. Plots, tables, pages and tests all read this list, so a fact about a
function is written down exactly once. The stated properties are checked against the functions
themselves by tests/test_catalog.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

INF = math.inf
SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


class SmoothReLU(nn.Module):
    """SmoothReLU of Xie et al. (2020): x - log(alpha*x + 1)/alpha for x >= 0, else 0.

    The paper learns alpha; the catalogue fixes it so that every plot is reproducible.
    """

    def __init__(self, alpha: float = 10.0):
        super().__init__()
        self.alpha = alpha

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        positive = x.clamp(min=0)  # keeps log1p finite where the output is 0 anyway
        return positive - torch.log1p(self.alpha * positive) / self.alpha


@dataclass(frozen=True)
class Activation:
    slug: str  # used in figure names and file names
    title: str
    hue: str  # its colour in every figure (style.Theme.colour); far from those drawn beside it (test_colours)
    build: Callable[[], nn.Module]  # the module exactly as the site uses it
    torch_call: str  # how that module is written in code
    defaults: dict  # the module's constructor defaults (checked against PyTorch)
    formula: str  # LaTeX for f(x)
    derivative_formula: str  # LaTeX for f'(x)
    derivative: Callable[[torch.Tensor], torch.Tensor]  # closed form of f'(x)
    output_range: tuple[float, float]  # infimum and supremum of f
    range_latex: str
    zero_centred: bool  # mean output 0 for standard-normal inputs (within tolerances.ZERO_CENTRED)
    monotonic: bool
    smooth: bool  # continuously differentiable everywhere
    saturates: str  # where f'(x) -> 0: "both sides", "left" or "neither"
    slope_at_zero: float  # f'(0) as PyTorch's autograd returns it
    max_slope: float  # the largest |f'(x)|, or its supremum when only approached
    kinks: tuple[float, ...] = ()  # where f' jumps; closed forms are compared away from them
    x_range: tuple[float, float] = (-4.0, 4.0)  # plot range that shows the shape
    note: str = ""
    formula_short: str = ""  # one line of matplotlib mathtext, for captions inside figures


def _step(x: torch.Tensor, right: torch.Tensor | float, left: torch.Tensor | float) -> torch.Tensor:
    """A derivative that is `right` for x > 0 and `left` otherwise."""
    return torch.where(x > 0, torch.as_tensor(right, dtype=x.dtype), torch.as_tensor(left, dtype=x.dtype))


def _gelu_tanh_derivative(x: torch.Tensor) -> torch.Tensor:
    c = math.sqrt(2 / math.pi)
    u = torch.tanh(c * (x + 0.044715 * x**3))
    return 0.5 * (1 + u) + 0.5 * x * (1 - u**2) * c * (1 + 3 * 0.044715 * x**2)


def _normal_cdf(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * (1 + torch.erf(x / math.sqrt(2)))


def _normal_pdf(x: torch.Tensor) -> torch.Tensor:
    return torch.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def _mish_derivative(x: torch.Tensor) -> torch.Tensor:
    t = torch.tanh(nn.functional.softplus(x))
    return t + x * (1 - t**2) * torch.sigmoid(x)


RRELU_EVAL_SLOPE = (1 / 8 + 1 / 3) / 2

CATALOG: tuple[Activation, ...] = (
    Activation(
        slug="sigmoid", title="Logistic sigmoid",
        hue="#e8710a",  # orange
        build=nn.Sigmoid, torch_call="nn.Sigmoid()", defaults={},
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        derivative=lambda x: torch.sigmoid(x) * (1 - torch.sigmoid(x)),
        output_range=(0.0, 1.0), range_latex=r"(0, 1)",
        zero_centred=False, monotonic=True, smooth=True, saturates="both sides",
        slope_at_zero=0.25, max_slope=0.25, x_range=(-6.0, 6.0),
        formula_short=r"$1\,/\,(1+e^{-x})$",
    ),
    Activation(
        slug="tanh", title="Hyperbolic tangent",
        hue="#3949ab",  # indigo
        build=nn.Tanh, torch_call="nn.Tanh()", defaults={},
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"\tanh'(x) = 1 - \tanh^2(x)",
        derivative=lambda x: 1 - torch.tanh(x) ** 2,
        output_range=(-1.0, 1.0), range_latex=r"(-1, 1)",
        zero_centred=True, monotonic=True, smooth=True, saturates="both sides",
        slope_at_zero=1.0, max_slope=1.0,
        formula_short=r"$\tanh(x)$",
    ),
    Activation(
        slug="hardtanh", title="Hard tanh",
        hue="#00897b",  # teal
        build=nn.Hardtanh, torch_call="nn.Hardtanh()", defaults={"min_val": -1.0, "max_val": 1.0},
        formula=r"f(x) = \begin{cases} -1 & x < -1 \\ x & -1 \le x \le 1 \\ 1 & x > 1 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & -1 < x < 1 \\ 0 & |x| > 1 \end{cases}",
        derivative=lambda x: (x.abs() < 1).to(x.dtype),
        output_range=(-1.0, 1.0), range_latex=r"[-1, 1]",
        zero_centred=True, monotonic=True, smooth=False, saturates="both sides",
        slope_at_zero=1.0, max_slope=1.0, kinks=(-1.0, 1.0), x_range=(-3.0, 3.0),
        note="PyTorch returns a gradient of 0 exactly at x = ±1.",
        formula_short=r"$\mathrm{clamp}(x,\,-1,\,1)$",
    ),
    Activation(
        slug="relu", title="ReLU",
        hue="#d32f2f",  # red
        build=nn.ReLU, torch_call="nn.ReLU()", defaults={},
        formula=r"\operatorname{ReLU}(x) = \max(0, x)",
        derivative_formula=r"\operatorname{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}",
        derivative=lambda x: _step(x, 1.0, 0.0),
        output_range=(0.0, INF), range_latex=r"[0, \infty)",
        zero_centred=False, monotonic=True, smooth=False, saturates="left",
        slope_at_zero=0.0, max_slope=1.0, kinks=(0.0,), x_range=(-3.0, 3.0),
        note="PyTorch returns a gradient of 0 exactly at x = 0.",
        formula_short=r"$\max(0,\,x)$",
    ),
    Activation(
        slug="leaky-relu", title="Leaky ReLU",
        hue="#8e24aa",  # purple
        build=nn.LeakyReLU, torch_call="nn.LeakyReLU()", defaults={"negative_slope": 0.01},
        formula=r"f(x) = \begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases}, \quad s = 0.01",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ s & x < 0 \end{cases}",
        derivative=lambda x: _step(x, 1.0, 0.01),
        output_range=(-INF, INF), range_latex=r"(-\infty, \infty)",
        zero_centred=False, monotonic=True, smooth=False, saturates="neither",
        slope_at_zero=0.01, max_slope=1.0, kinks=(0.0,), x_range=(-3.0, 3.0),
        note="Keras's LeakyReLU layer defaults to a slope of 0.3; PyTorch's to 0.01.",
        formula_short=r"$\max(0.01x,\,x)$",
    ),
    Activation(
        slug="prelu", title="PReLU",
        hue="#6d4c41",  # brown
        build=nn.PReLU, torch_call="nn.PReLU()", defaults={"num_parameters": 1, "init": 0.25},
        formula=r"f(x) = \max(0, x) + a \min(0, x), \quad a = 0.25 \text{ at the start, then learned}",
        derivative_formula=r"\frac{\partial f}{\partial x} = \begin{cases} 1 & x > 0 \\ a & x < 0 \end{cases}, \quad \frac{\partial f}{\partial a} = \min(0, x)",
        derivative=lambda x: _step(x, 1.0, 0.25),
        output_range=(-INF, INF), range_latex=r"(-\infty, \infty)",
        zero_centred=False, monotonic=True, smooth=False, saturates="neither",
        slope_at_zero=0.25, max_slope=1.0, kinks=(0.0,), x_range=(-3.0, 3.0),
        note="Properties are those of the initial slope a = 0.25.",
        formula_short=r"$\max(0,x)+a\,\min(0,x),\ a=0.25$",
    ),
    Activation(
        slug="rrelu", title="RReLU (evaluation mode)",
        hue="#78909c",  # blue grey
        build=lambda: nn.RReLU().eval(), torch_call="nn.RReLU().eval()",
        defaults={"lower": 1 / 8, "upper": 1 / 3},
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \tfrac{l + u}{2}\,x & x \le 0 \end{cases}, \quad l = \tfrac18,\ u = \tfrac13",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \tfrac{l + u}{2} = \tfrac{11}{48} & x < 0 \end{cases}",
        derivative=lambda x: _step(x, 1.0, RRELU_EVAL_SLOPE),
        output_range=(-INF, INF), range_latex=r"(-\infty, \infty)",
        zero_centred=False, monotonic=True, smooth=False, saturates="neither",
        slope_at_zero=RRELU_EVAL_SLOPE, max_slope=1.0, kinks=(0.0,), x_range=(-3.0, 3.0),
        note="In training mode each negative input gets its own random slope drawn from U(l, u).",
        formula_short=r"$\max(\frac{11}{48}x,\,x)$",
    ),
    Activation(
        slug="elu", title="ELU",
        hue="#388e3c",  # green
        build=nn.ELU, torch_call="nn.ELU()", defaults={"alpha": 1.0},
        formula=r"f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}, \quad \alpha = 1",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
        derivative=lambda x: _step(x, 1.0, torch.exp(x)),
        output_range=(-1.0, INF), range_latex=r"(-\alpha, \infty)",
        zero_centred=False, monotonic=True, smooth=True, saturates="left",
        slope_at_zero=1.0, max_slope=1.0, x_range=(-4.0, 3.0),
        note="Continuously differentiable only for α = 1.",
        formula_short=r"$x$ if $x>0$, else $e^{x}-1$",
    ),
    Activation(
        slug="celu", title="CELU",
        hue="#9e9d24",  # olive
        build=nn.CELU, torch_call="nn.CELU()", defaults={"alpha": 1.0},
        formula=r"f(x) = \max(0, x) + \min\bigl(0, \alpha\,(e^{x/\alpha} - 1)\bigr), \quad \alpha = 1",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        derivative=lambda x: _step(x, 1.0, torch.exp(x)),
        output_range=(-1.0, INF), range_latex=r"(-\alpha, \infty)",
        zero_centred=False, monotonic=True, smooth=True, saturates="left",
        slope_at_zero=1.0, max_slope=1.0, x_range=(-4.0, 3.0),
        note="Unlike ELU it stays continuously differentiable for every α.",
        formula_short=r"$\max(0,x)+\min(0,\,e^{x}-1)$",
    ),
    Activation(
        slug="selu", title="SELU",
        hue="#f9a825",  # amber
        build=nn.SELU, torch_call="nn.SELU()", defaults={},
        formula=r"f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}, \quad \lambda \approx 1.0507,\ \alpha \approx 1.6733",
        derivative_formula=r"f'(x) = \begin{cases} \lambda & x > 0 \\ \lambda \alpha\,e^{x} & x \le 0 \end{cases}",
        derivative=lambda x: _step(x, SELU_LAMBDA, SELU_LAMBDA * SELU_ALPHA * torch.exp(x)),
        output_range=(-SELU_LAMBDA * SELU_ALPHA, INF), range_latex=r"(-\lambda\alpha, \infty) \approx (-1.7581, \infty)",
        zero_centred=True, monotonic=True, smooth=False, saturates="left",
        slope_at_zero=SELU_LAMBDA * SELU_ALPHA, max_slope=SELU_LAMBDA * SELU_ALPHA,
        kinks=(0.0,), x_range=(-4.0, 3.0),
        note="λ and α are fixed constants chosen so that activations self-normalise.",
        formula_short=r"$1.0507\,x$ if $x>0$, else $1.7581\,(e^{x}-1)$",
    ),
    Activation(
        slug="softplus", title="Softplus",
        hue="#0288d1",  # sky blue
        build=nn.Softplus, torch_call="nn.Softplus()", defaults={"beta": 1.0, "threshold": 20.0},
        formula=r"f(x) = \frac{1}{\beta} \log\bigl(1 + e^{\beta x}\bigr), \quad \beta = 1",
        derivative_formula=r"f'(x) = \sigma(\beta x)",
        derivative=lambda x: torch.sigmoid(x),
        output_range=(0.0, INF), range_latex=r"(0, \infty)",
        zero_centred=False, monotonic=True, smooth=True, saturates="left",
        slope_at_zero=0.5, max_slope=1.0, x_range=(-5.0, 5.0),
        note="PyTorch switches to the identity once βx > threshold, for numerical stability.",
        formula_short=r"$\log(1+e^{x})$",
    ),
    Activation(
        slug="parametric-softplus", title="Parametric softplus",
        hue="#00838f",  # dark cyan
        build=lambda: nn.Softplus(beta=10.0), torch_call="nn.Softplus(beta=10)",
        defaults={"beta": 1.0, "threshold": 20.0},
        formula=r"f(x) = \frac{1}{\beta} \log\bigl(1 + e^{\beta x}\bigr), \quad \beta = 10",
        derivative_formula=r"f'(x) = \sigma(\beta x)",
        derivative=lambda x: torch.sigmoid(10.0 * x),
        output_range=(0.0, INF), range_latex=r"(0, \infty)",
        zero_centred=False, monotonic=True, smooth=True, saturates="left",
        slope_at_zero=0.5, max_slope=1.0, x_range=(-2.0, 2.0),
        note="A larger β hugs ReLU more closely; the catalogue uses β = 10.",
        formula_short=r"$\frac{1}{10}\log(1+e^{10x})$",
    ),
    Activation(
        slug="silu", title="SiLU / Swish",
        hue="#d81b60",  # magenta
        build=nn.SiLU, torch_call="nn.SiLU()", defaults={},
        formula=r"f(x) = x\,\sigma(x)",
        derivative_formula=r"f'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        derivative=lambda x: torch.sigmoid(x) * (1 + x * (1 - torch.sigmoid(x))),
        output_range=(-0.27846, INF), range_latex=r"[-0.2785, \infty)",
        zero_centred=False, monotonic=False, smooth=True, saturates="left",
        slope_at_zero=0.5, max_slope=1.09984, x_range=(-6.0, 4.0),
        formula_short=r"$x\,\sigma(x)$",
    ),
    Activation(
        slug="gelu", title="GELU",
        hue="#7e57c2",  # violet
        build=nn.GELU, torch_call="nn.GELU()", defaults={"approximate": "none"},
        formula=r"f(x) = x\,\Phi(x)",
        derivative_formula=r"f'(x) = \Phi(x) + x\,\varphi(x)",
        derivative=lambda x: _normal_cdf(x) + x * _normal_pdf(x),
        output_range=(-0.16997, INF), range_latex=r"[-0.1700, \infty)",
        zero_centred=False, monotonic=False, smooth=True, saturates="left",
        slope_at_zero=0.5, max_slope=1.12890, x_range=(-4.0, 3.0),
        note="Φ and φ are the standard normal distribution and density functions.",
        formula_short=r"$x\,\Phi(x)$",
    ),
    Activation(
        slug="gelu-tanh", title="GELU (tanh approximation)",
        hue="#b39ddb",  # lavender
        build=lambda: nn.GELU(approximate="tanh"), torch_call='nn.GELU(approximate="tanh")',
        defaults={"approximate": "none"},
        formula=r"f(x) = \tfrac{1}{2}\,x \Bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\bigr)\Bigr)",
        derivative_formula=r"f'(x) = \tfrac12 (1 + t) + \tfrac12 x\,(1 - t^{2}) \sqrt{2/\pi}\,(1 + 0.134145\,x^{2}), \quad t = \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\bigr)",
        derivative=_gelu_tanh_derivative,
        output_range=(-0.17004, INF), range_latex=r"[-0.1700, \infty)",
        zero_centred=False, monotonic=False, smooth=True, saturates="left",
        slope_at_zero=0.5, max_slope=1.12899, x_range=(-4.0, 3.0),
        formula_short=r"$\frac{x}{2}\,(1+\tanh(\sqrt{2/\pi}\,(x+0.044715x^{3})))$",
    ),
    Activation(
        slug="mish", title="Mish",
        hue="#ec407a",  # pink
        build=nn.Mish, torch_call="nn.Mish()", defaults={},
        formula=r"f(x) = x \tanh\bigl(\operatorname{softplus}(x)\bigr)",
        derivative_formula=r"f'(x) = t + x\,(1 - t^{2})\,\sigma(x), \quad t = \tanh\bigl(\operatorname{softplus}(x)\bigr)",
        derivative=_mish_derivative,
        output_range=(-0.30884, INF), range_latex=r"[-0.3088, \infty)",
        zero_centred=False, monotonic=False, smooth=True, saturates="left",
        slope_at_zero=0.6, max_slope=1.08850, x_range=(-5.0, 3.0),
        formula_short=r"$x\,\tanh(\mathrm{softplus}(x))$",
    ),
    Activation(
        slug="smooth-relu", title="SmoothReLU",
        hue="#8d6e63",  # taupe
        build=SmoothReLU, torch_call="SmoothReLU(alpha=10)", defaults={"alpha": 10.0},
        formula=r"f(x) = \begin{cases} x - \frac{1}{\alpha} \log(\alpha x + 1) & x \ge 0 \\ 0 & x < 0 \end{cases}, \quad \alpha = 10",
        derivative_formula=r"f'(x) = \begin{cases} \frac{\alpha x}{\alpha x + 1} & x \ge 0 \\ 0 & x < 0 \end{cases}",
        derivative=lambda x: _step(x, 10.0 * x / (10.0 * x + 1), 0.0),
        output_range=(0.0, INF), range_latex=r"[0, \infty)",
        zero_centred=False, monotonic=True, smooth=True, saturates="left",
        slope_at_zero=0.0, max_slope=1.0, x_range=(-2.0, 2.0),
        note="Not part of PyTorch: defined in figures_src/science/catalog.py after Xie et al. (2020), who learn α.",
        formula_short=r"$x-\frac{1}{10}\log(10x+1)$ for $x\geq0$, else $0$",
    ),
)


def by_slug(slug: str) -> Activation:
    for activation in CATALOG:
        if activation.slug == slug:
            return activation
    raise KeyError(f"no activation {slug!r} in the catalogue")


def parameters(activation: Activation) -> dict[str, float]:
    """The numbers the site's module uses for its constructor's arguments (`defaults` names them),
    read from the module itself (parametric softplus is nn.Softplus with beta 10): what code
    outside PyTorch, such as the playground's, needs to compute f and f' as the site does.
    PReLU's slope is its weight; arguments that are not numbers (GELU's approximation, which
    the catalogue's two GELU entries already tell apart) are left out."""
    module = activation.build()
    values = {}
    for name in activation.defaults:
        if name == "init":
            values[name] = float(module.weight.detach())
        elif isinstance(getattr(module, name, None), (int, float)) and name != "num_parameters":
            values[name] = float(getattr(module, name))
    return values


def evaluate(activation: Activation, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """f(x) and f'(x), the derivative taken by autograd (not the closed form), in float64."""
    x = x.detach().to(torch.float64).requires_grad_(True)
    y = activation.build().double()(x)
    (dy,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), dy


def normal_moments(activation: Activation) -> tuple[float, float]:
    """Mean and standard deviation of f(z) for z drawn from a standard normal distribution, by
    the trapezoidal rule on [-12, 12] (the normal density beyond that is below 1e-31)."""
    z = torch.linspace(-12, 12, 240_001, dtype=torch.float64)
    weights = torch.exp(-z**2 / 2) / math.sqrt(2 * math.pi)
    with torch.no_grad():
        y = activation.build().double()(z)
    mean = float(torch.trapezoid(weights * y, z))
    return mean, math.sqrt(float(torch.trapezoid(weights * (y - mean) ** 2, z)))


def break_at_kinks(x: torch.Tensor, dy: torch.Tensor, kinks: tuple[float, ...]) -> torch.Tensor:
    """Blank the derivative next to each kink so the plot shows a jump, not a steep line."""
    dy = dy.clone()
    for kink in kinks:
        dy[(x - kink).abs() <= (x[1] - x[0]) / 2] = float("nan")
    return dy


def plot_grid(activation: Activation, points: int = 801) -> torch.Tensor:
    """Evenly spaced inputs over the activation's plot range."""
    return torch.linspace(*activation.x_range, points, dtype=torch.float64)
