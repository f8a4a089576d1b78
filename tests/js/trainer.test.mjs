// trainer.js against PyTorch, through the messages the page sends its worker: each data set's
// network as its page trains it, with every catalogue function, trained 25 full-batch SGD steps
// from the weights torch.manual_seed gives, records every step's loss within 1e-12 of PyTorch's
// (figures_src/figures/playground.py, the page's own data file) and ends with the same points
// right; "One step" and "Play" reach the same losses.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Network, dataset } from "../../docs/javascripts/playground/network.js";
import { reference, worst } from "./reference.mjs";

// Both train in float64 from the same weights; exp and log round their last bit otherwise than
// PyTorch's, and 25 steps carry that along: measured, at most 2e-15.
const TOLERANCE = 1e-12;
const { activations, data: sets, steps_compared: STEPS } = reference.playground;
const parameters = Object.fromEntries(activations.map((a) => [a.slug, a.parameters]));

// The worker's world, as far as the trainer uses it: postMessage to the page (a copy, as a
// worker's message is), onmessage from it.
const answers = [];
let heard = () => {};
globalThis.postMessage = (message) => {
  answers.push(structuredClone(message));
  heard();
};
globalThis.onmessage = null;
await import("../../docs/javascripts/playground/trainer.js");
const send = (message) => globalThis.onmessage({ data: message });

// the trainer's next answer that `wanted` accepts (the answers before it are passed over)
async function answer(wanted) {
  for (;;) {
    const found = answers.findIndex(wanted);
    if (found >= 0) return answers.splice(0, found + 1).at(-1);
    await new Promise((resolve) => { heard = resolve; });
  }
}

// the snapshots of set-up `number` until one `steps` steps in: the last, with every loss since the start
async function trainedTo(number, steps) {
  const losses = [];
  for (;;) {
    const snapshot = await answer((message) => message.number === number && "steps" in message);
    losses.push(...snapshot.losses);
    if (snapshot.steps >= steps) return { ...snapshot, losses };
  }
}

let number = 0;

// a set-up as page.js's startTraining sends it; returns its number
function start(name, slug, { steps, limit = 20000 }) {
  const { x, y, set_up: setUp } = sets[name];
  send({ type: "start", number: ++number, slug, parameters: parameters[slug],
         sizes: [2, ...Array(setUp.layers).fill(setUp.width), Math.max(...y) + 1], seed: setUp.seed,
         learningRate: setUp.learning_rate, points: x, labels: y, steps, limit });
  return number;
}

// the losses recorded, and the loss and points right after the last step (from the snapshot's
// weights, as the page draws them), against PyTorch's
function assertAsPyTorch(name, slug, snapshot) {
  const { x, y, pytorch } = sets[name], expected = pytorch[slug], data = dataset(x, y);
  assert.equal(snapshot.steps, STEPS, "steps taken");
  const network = new Network(slug, parameters[slug], snapshot.layers, snapshot.slopes);
  const { loss, accuracy } = network.evaluate(data);
  const losses = [...snapshot.losses, loss], { error, at } = worst(losses, expected.losses);
  assert.ok(error <= TOLERANCE, `the loss ${at < STEPS ? `before step ${at + 1}` : "after the last step"} is `
    + `${losses[at]}, PyTorch's ${expected.losses[at]} (error ${error})`);
  assert.equal(Math.round(accuracy * data.n), Math.round(expected.accuracy * data.n), "points right after the last step");
}

for (const name of Object.keys(sets)) {
  for (const { slug } of activations) {
    test(`${name}, ${slug}: ${STEPS} steps, as a link asks for them, step for step as PyTorch`, async () => {
      assertAsPyTorch(name, slug, await trainedTo(start(name, slug, { steps: STEPS }), STEPS));
    });
  }
}

test(`"One step" ${STEPS} times trains as PyTorch does`, async () => {
  const started = start("xor", "prelu", { steps: 0 });
  const losses = [...(await trainedTo(started, 0)).losses];
  let snapshot;
  for (let step = 1; step <= STEPS; step++) {
    send({ type: "step" });
    snapshot = await trainedTo(started, step);
    assert.equal(snapshot.losses.length, 1, "one loss a step");
    losses.push(...snapshot.losses);
  }
  assertAsPyTorch("xor", "prelu", { ...snapshot, losses });
});

test(`"Play" trains as PyTorch does, and stops at the most steps a set-up may take`, async () => {
  // the trainer's clock held still and moved by the test: a turn of the play loop that comes a
  // second late (a busy or throttled worker) has more steps due than the set-up may still take
  const now = performance.now;
  let clock = now.call(performance);
  performance.now = () => clock;
  try {
    const started = start("spirals", "elu", { steps: 0, limit: STEPS });
    await trainedTo(started, 0);
    send({ type: "play", speed: 1000 });  // one step at once, the next turn a moment later
    clock += 1000;
    assertAsPyTorch("spirals", "elu", await trainedTo(started, STEPS));
    send({ type: "step" });  // at the limit: no step taken
    const after = await trainedTo(started, STEPS);
    assert.deepEqual([after.steps, after.losses], [STEPS, []]);
  } finally {
    performance.now = now;
  }
});
