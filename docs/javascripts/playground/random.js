// PyTorch's random initialisation, drawn the way PyTorch draws it on the CPU, so that the
// playground starts from the very weights torch.manual_seed(seed) gives, for every seed: the
// Mersenne Twister (MT19937) that torch.manual_seed seeds, and nn.Linear's reset_parameters
// (kaiming_uniform_ with a = sqrt(5) for the weight, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the
// bias), in double precision (float64) as the site's networks are. tests/js/random.test.mjs
// compares the raw draws, uniform_ and the weights with PyTorch's for several seeds (and shapes),
// and tests/test_playground.py the weights in Chromium.

export class TorchGenerator {
  constructor(seed) {  // as torch.manual_seed(seed) for 0 <= seed < 2 ** 32
    this.state = new Uint32Array(624);
    this.state[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const previous = this.state[i - 1] ^ (this.state[i - 1] >>> 30);
      this.state[i] = Math.imul(1812433253, previous) + i;
    }
    this.index = 624;
  }

  next32() {
    if (this.index >= 624) this.twist();
    let y = this.state[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  twist() {
    const mt = this.state;
    for (let k = 0; k < 624; k++) {
      const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
      mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  // tensor.uniform_(-bound, bound) for a float64 tensor: 53 random bits a number, from two 32-bit
  // draws (the first the high word, as PyTorch's random64), scaled between the bounds. PyTorch's
  // vectorised CPU kernels may fuse the multiply and the add, which moves the last bit of a few
  // numbers; JavaScript rounds each, as PyTorch's scalar kernels do.
  uniform(count, bound) {
    const low = -bound, span = bound - low;
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const high = this.next32(), lowWord = this.next32();
      values[i] = ((high & 0x1fffff) * 2 ** 32 + lowWord) * 2 ** -53 * span + low;
    }
    return values;
  }
}

// nn.Linear(inputs, outputs) as PyTorch initialises it: weight (outputs x inputs, row by row), then bias
export function linearLayer(generator, inputs, outputs) {
  const gain = Math.sqrt(2 / (1 + Math.sqrt(5) ** 2));  // calculate_gain("leaky_relu", sqrt(5))
  const weight = generator.uniform(outputs * inputs, Math.sqrt(3) * (gain / Math.sqrt(inputs)));
  const bias = generator.uniform(outputs, 1 / Math.sqrt(inputs));
  return { inputs, outputs, weight, bias };
}
