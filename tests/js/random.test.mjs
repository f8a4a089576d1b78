// random.js against PyTorch: the Mersenne Twister that torch.manual_seed(seed) seeds, its float64
// uniform_, and nn.Linear's initialisation layer after layer, for seeds across the 32-bit range.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TorchGenerator, linearLayer } from "../../docs/javascripts/playground/random.js";
import { reference, worst } from "./reference.mjs";

const { draws, uniform, linear } = reference.random;

// A number drawn between -bound and bound is PyTorch's to the last bit of the range's width:
// PyTorch's vectorised kernels may fuse the scaling's multiply and add, which JavaScript rounds
// each (as PyTorch's scalar kernels do).
const lastBit = (bound) => 2 ** -52 * 2 * bound;

for (const { seed, values } of draws) {
  test(`seed ${seed}: the raw 32-bit draws, bit for bit, past three twists of the state`, () => {
    const generator = new TorchGenerator(seed), computed = values.map(() => generator.next32());
    const first = computed.findIndex((value, i) => value !== values[i]);
    assert.equal(first, -1, `draw ${first} is ${computed[first]}, PyTorch's ${values[first]}`);
  });
}

for (const { seed, bound, values } of uniform) {
  test(`seed ${seed}: uniform_(-${bound}, ${bound}) in float64`, () => {
    const computed = new TorchGenerator(seed).uniform(values.length, bound);
    const { error, at } = worst(computed, values);
    assert.ok(error <= lastBit(bound), `number ${at} is ${computed[at]}, PyTorch's ${values[at]}`);
  });
}

for (const { sizes, seed, layers } of linear) {
  test(`seed ${seed}: nn.Linear layers ${sizes.join("-")}, in order, as torch.manual_seed gives them`, () => {
    const generator = new TorchGenerator(seed);
    layers.forEach(({ weight, bias }, l) => {
      const layer = linearLayer(generator, sizes[l], sizes[l + 1]), bound = 1 / Math.sqrt(sizes[l]);
      for (const [name, computed, expected] of [["weight", layer.weight, weight], ["bias", layer.bias, bias]]) {
        const { error, at } = worst(computed, expected);
        assert.ok(error <= lastBit(bound), `layer ${l}'s ${name}[${at}] is ${computed[at]}, PyTorch's ${expected[at]}`);
      }
    });
  });
}
