// Every activation function of the catalogue (figures_src/science/catalog.py) in the browser: f(x) and its
// derivative f'(x), in double precision, as PyTorch computes them, down to the derivative
// autograd takes at a kink and softplus's switch to x above its threshold. `p` holds the
// module's arguments as the site builds it (catalog.parameters: leaky ReLU's negative_slope,
// ELU's alpha, softplus's beta and threshold, ...). tests/js/activations.test.mjs (in Node) and
// tests/test_playground.py (in Chromium) compare each with PyTorch on a dense grid, and fail for a
// catalogue function that is missing here.

const SQRT_2 = Math.SQRT2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SELU_LAMBDA = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;

const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

// erf to double precision from the series erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!!,
// whose terms are all positive (no cancellation); beyond |x| = 6, erf is +-1 to double precision.
function erf(x) {
  const a = Math.abs(x);
  if (a > 6) return Math.sign(x);
  let term = a, sum = a;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum;
}
const normalCdf = (x) => 0.5 * (1 + erf(x / SQRT_2));
const normalPdf = (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

// softplus as torch.nn.Softplus: log1p(exp(beta x)) / beta, and x itself where beta x > threshold
const softplus = (x, beta = 1, threshold = 20) =>
  beta * x > threshold ? x : Math.log1p(Math.exp(beta * x)) / beta;
const softplusSlope = (x, beta = 1, threshold = 20) => (beta * x > threshold ? 1 : sigmoid(beta * x));

function geluTanhParts(x) {
  const inner = SQRT_2_OVER_PI * (x + 0.044715 * x ** 3);
  return { u: Math.tanh(inner), innerSlope: SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x) };
}

export const ACTIVATIONS = {
  sigmoid: { f: (x) => sigmoid(x), df: (x) => sigmoid(x) * (1 - sigmoid(x)) },
  tanh: { f: (x) => Math.tanh(x), df: (x) => 1 - Math.tanh(x) ** 2 },
  hardtanh: {
    f: (x, p) => Math.min(Math.max(x, p.min_val), p.max_val),
    df: (x, p) => (x > p.min_val && x < p.max_val ? 1 : 0),
  },
  relu: { f: (x) => Math.max(x, 0), df: (x) => (x > 0 ? 1 : 0) },
  "leaky-relu": {
    f: (x, p) => (x > 0 ? x : p.negative_slope * x),
    df: (x, p) => (x > 0 ? 1 : p.negative_slope),
  },
  prelu: { f: (x, p) => (x > 0 ? x : p.init * x), df: (x, p) => (x > 0 ? 1 : p.init) },
  rrelu: {  // evaluation mode: the mean of the random slopes
    f: (x, p) => (x >= 0 ? x : ((p.lower + p.upper) / 2) * x),
    df: (x, p) => (x > 0 ? 1 : (p.lower + p.upper) / 2),
  },
  elu: {
    f: (x, p) => (x > 0 ? x : p.alpha * Math.expm1(x)),
    df: (x, p) => (x > 0 ? 1 : p.alpha * Math.exp(x)),
  },
  celu: {
    f: (x, p) => Math.max(0, x) + Math.min(0, p.alpha * Math.expm1(x / p.alpha)),
    df: (x, p) => (x > 0 ? 1 : Math.exp(x / p.alpha)),
  },
  selu: {
    f: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    df: (x) => SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
  },
  softplus: { f: (x, p) => softplus(x, p.beta, p.threshold), df: (x, p) => softplusSlope(x, p.beta, p.threshold) },
  "parametric-softplus": {
    f: (x, p) => softplus(x, p.beta, p.threshold),
    df: (x, p) => softplusSlope(x, p.beta, p.threshold),
  },
  silu: { f: (x) => x * sigmoid(x), df: (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x))) },
  gelu: { f: (x) => x * normalCdf(x), df: (x) => normalCdf(x) + x * normalPdf(x) },
  "gelu-tanh": {
    f: (x) => 0.5 * x * (1 + geluTanhParts(x).u),
    df: (x) => {
      const { u, innerSlope } = geluTanhParts(x);
      return 0.5 * (1 + u) + 0.5 * x * (1 - u * u) * innerSlope;
    },
  },
  mish: {
    f: (x) => x * Math.tanh(softplus(x)),
    df: (x) => {
      const t = Math.tanh(softplus(x));
      return t + x * (1 - t * t) * sigmoid(x);
    },
  },
  "smooth-relu": {
    f: (x, p) => (x > 0 ? x - Math.log1p(p.alpha * x) / p.alpha : 0),
    df: (x, p) => (x > 0 ? (p.alpha * x) / (p.alpha * x + 1) : 0),
  },
};
