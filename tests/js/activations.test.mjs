// activations.js against PyTorch: f and the derivative autograd takes, for every catalogue
// function, on a dense grid with every kink on it, for the arguments the site builds each module with.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ACTIVATIONS } from "../../docs/javascripts/playground/activations.js";
import { reference, worst } from "./reference.mjs";

// Measured (relative beyond 1): 0 to 3e-16 for most functions, the last bit; GELU's f 5.3e-15
// (erf is a series here, another method in PyTorch) and the tanh approximation's f' 5.1e-15.
// PyTorch's vectorised kernels differ by processor in the last bits, hence the margin; a wrong
// formula is off by far more.
const TOLERANCE = 1e-13;
const { grid, functions } = reference.activations;

test("every catalogue function has its f and f' here", () => {
  assert.deepEqual(reference.catalogue.filter((slug) => !Object.hasOwn(ACTIVATIONS, slug)), []);
});

for (const slug of reference.catalogue) {
  test(`${slug}: f and f' as PyTorch computes them, at the kinks too`, () => {
    const { parameters, f, df } = functions[slug], activation = ACTIVATIONS[slug];
    assert.ok(activation, `no ${slug} in activations.js`);
    for (const [name, computed, expected] of [["f", grid.map((x) => activation.f(x, parameters)), f],
                                              ["f'", grid.map((x) => activation.df(x, parameters)), df]]) {
      const { error, at } = worst(computed, expected);
      assert.ok(error <= TOLERANCE, `${name}(${grid[at]}) is ${computed[at]}, PyTorch's ${expected[at]} (error ${error})`);
    }
  });
}
