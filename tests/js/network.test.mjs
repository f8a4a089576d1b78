// network.js against PyTorch: from the very weights PyTorch starts from, each data set's network
// as its page trains it (every catalogue function) gives PyTorch's logits, softmax and mean
// cross-entropy over the data, and the gradient autograd takes of every weight, bias and PReLU slope.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Network, dataset } from "../../docs/javascripts/playground/network.js";
import { reference, worst } from "./reference.mjs";

// Both sum in float64, in other orders. Measured (relative beyond 1, so absolute for the
// gradients, which are below 0.4): the loss 2e-15, logits 7e-16, gradients 4e-16; the margin is
// for PyTorch's kernels on other processors, and a wrong formula is off by far more.
const TOLERANCE = 1e-13;
const parameters = Object.fromEntries(reference.playground.activations.map((a) => [a.slug, a.parameters]));

// PyTorch's initial weights as the network's layers; sizes from the weight and bias lengths
function layersOf(weights) {
  return weights.map(({ weight, bias }) => ({ inputs: weight.length / bias.length, outputs: bias.length,
                                              weight: Float64Array.from(weight), bias: Float64Array.from(bias) }));
}

function assertClose(name, computed, expected) {
  const { error, at } = worst(computed, expected);
  assert.ok(error <= TOLERANCE, `${name}[${at}] is ${computed[at]}, PyTorch's ${expected[at]} (error ${error})`);
}

for (const [name, passes] of Object.entries(reference.networks)) {
  const { x, y } = reference.playground.data[name], data = dataset(x, y);
  for (const pass of passes) {
    test(`${name}, ${pass.slug}: the forward pass and every gradient, as PyTorch's autograd`, () => {
      const network = new Network(pass.slug, parameters[pass.slug], layersOf(pass.layers));
      const forward = network.forward(data.x, data.n);
      assertClose("logits", forward.logits, pass.logits);
      assertClose("softmax", network.probabilities(forward), pass.probabilities);
      const { loss, layers, slopes } = network.gradients(data, forward);
      assertClose("loss", [loss], [pass.loss]);
      pass.gradients.forEach(({ weight, bias }, l) => {
        assertClose(`layer ${l}'s weight gradient`, layers[l].weights, weight);
        assertClose(`layer ${l}'s bias gradient`, layers[l].biases, bias);
      });
      assert.equal(layers.length, pass.gradients.length);
      if (pass.slope_gradients) assertClose("PReLU's slope gradients", slopes, pass.slope_gradients);
      else assert.equal(slopes, null);
    });
  }
}
