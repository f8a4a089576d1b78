// The playground page (docs/playground.md): the set-up the reader chose (or a link carried),
// a network trained on it step by step (by trainer.js, in a worker), and its views redrawn from
// the trainer's snapshots as it trains. The state lives in the URL: data, activation and its
// arguments, layers, width, learning rate, seed, and the steps taken; a link reproduces the very
// network, since training is deterministic.
import { ACTIVATIONS } from "./activations.js";
import { Network, dataset } from "./network.js";
import { drawFunction, drawLoss, drawRegions, drawUnits, unitsHeight } from "./views.js";

const SET_UP = new URL("../../figures/playground/playground.json", import.meta.url);
const CELLS = 50;  // grid points along each axis for the regions (every other one for the hidden units)
const MOST_STEPS = 20000;  // the most steps a link may ask for, and so the most a network trains
const URL_EVERY_MS = 1000;  // while playing, the URL's step count follows at most this often
const CONTROLS = ["data", "activation", "layers", "width", "lr", "seed"];  // the form's, as in the URL
const SHOWN_PARAMETER = (name) => name !== "threshold";  // softplus's switch to x is a numerical detail

// what a field accepts; `problem` says so in a sentence when a value does not fit
const whole = (low, high) => ({
  read: (text) => (/^\d+$/.test(text) && +text >= low && +text <= high ? +text : null),
  problem: `a whole number from ${low} to ${high}`,
});
const FIELDS = {
  layers: whole(1, 3),
  width: whole(1, 64),
  seed: whole(0, 2 ** 32 - 1),
  steps: whole(0, MOST_STEPS),
  lr: { read: (text) => (text !== "" && +text > 0 && +text <= 10 ? +text : null), problem: "a number above 0, at most 10" },
};
const PARAMETER_RULES = {  // beyond being a finite number
  alpha: [(p) => p.alpha > 0, "alpha must be above 0"],
  beta: [(p) => p.beta > 0, "beta must be above 0"],
  max_val: [(p) => p.min_val < p.max_val, "min_val must be below max_val"],
  upper: [(p) => p.lower <= p.upper, "lower must not be above upper"],
};

const root = document.getElementById("playground");
const form = root.querySelector("form");
const status = root.querySelector("[role=status]");
const notice = root.querySelector(".playground-problems");
const canvases = Object.fromEntries([...root.querySelectorAll("canvas[data-view]")].map((c) => [c.dataset.view, c]));
const unitLayers = root.querySelector(".playground-units");

// the page's data, from the site build: the catalogue, the data sets with their pages' set-ups,
// PyTorch's losses; without it nothing here can run, so in the playground's place the reader
// reads why (an alert, read out at once), and the console gets the error
const reference = await loadReference().catch((error) => {
  const sentence = `The playground's data could not be loaded (${error.message}). Reload the page to try again.`;
  root.replaceChildren(notice);
  say(sentence);
  throw new Error(sentence, { cause: error });
});
const catalogue = Object.fromEntries(reference.activations.map((a) => [a.slug, a]));
const sets = Object.fromEntries(Object.entries(reference.data).map(([name, d]) => [name, dataset(d.x, d.y)]));
const argumentNames = new Set(reference.activations.flatMap((a) => Object.keys(a.parameters)));
const motionWelcome = matchMedia("(prefers-reduced-motion: no-preference)");
const trainer = new Worker(new URL("./trainer.js", import.meta.url), { type: "module" });

// the set-up, its number (the trainer's snapshots carry it), the latest snapshot, the losses so far
let state, number = 0, latest = null, losses = [];
let playing = false, drawn = true, frames = 0, frameRequest = 0, urlWritten = 0;

// ---- the page's data -------------------------------------------------------------------------

// playground.json, or an error that says in words what went wrong: no answer, an answer that is
// not a success, or one that is not the playground's data (say, a page in its place)
async function loadReference() {
  let response, data;
  try {
    response = await fetch(SET_UP);
  } catch (error) {
    throw new Error(`the request did not go through: ${error.message}`);
  }
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  try {
    data = await response.json();
  } catch {
    throw new Error("what the server sent is not JSON");
  }
  if (!(data?.activations && data.data && data.themes)) throw new Error("what the server sent is not the playground's data");
  return data;
}

// ---- the state and the URL -------------------------------------------------------------------

// the state a query string asks for, each field the data set's own set-up where it asks for none,
// and a sentence for each value that did not fit
function stateFrom(query) {
  const problems = [], ask = new URLSearchParams(query);
  const data = Object.hasOwn(reference.data, ask.get("data") ?? "") ? ask.get("data") : "xor";
  if (ask.has("data") && ask.get("data") !== data) problems.push(`no data set "${ask.get("data")}"`);
  const setUp = reference.data[data].set_up;
  const activation = Object.hasOwn(catalogue, ask.get("activation") ?? "") ? ask.get("activation") : setUp.activation;
  if (ask.has("activation") && ask.get("activation") !== activation) problems.push(`no activation "${ask.get("activation")}"`);
  const chosen = { data, activation, layers: setUp.layers, width: setUp.width, seed: setUp.seed, lr: setUp.learning_rate, steps: 0 };
  for (const [name, field] of Object.entries(FIELDS)) {
    if (!ask.has(name)) continue;
    const value = field.read(ask.get(name).trim());
    if (value === null) problems.push(`${name}=${ask.get(name)} is not ${field.problem}`);
    else chosen[name] = value;
  }
  chosen.parameters = { ...catalogue[activation].parameters };
  for (const name of argumentNames) {
    if (!ask.has(name)) continue;
    const value = ask.get(name).trim() === "" ? NaN : +ask.get(name);
    if (!(name in chosen.parameters) || !SHOWN_PARAMETER(name)) problems.push(`${catalogue[activation].title} has no argument ${name}`);
    else if (Number.isFinite(value)) chosen.parameters[name] = value;
    else problems.push(`${name}=${ask.get(name)} is not a number`);
  }
  for (const [name, [holds, sentence]] of Object.entries(PARAMETER_RULES)) {
    if (name in chosen.parameters && !holds(chosen.parameters)) {
      problems.push(sentence);
      chosen.parameters = { ...catalogue[activation].parameters };
    }
  }
  return { state: chosen, problems };
}

function queryOf(s) {
  const ask = new URLSearchParams({ data: s.data, activation: s.activation });
  for (const [name, value] of Object.entries(s.parameters)) if (SHOWN_PARAMETER(name)) ask.set(name, value);
  for (const name of ["layers", "width", "lr", "seed", "steps"]) ask.set(name, s[name]);
  return ask.toString();
}

function writeUrl() {
  if (latest) state.steps = latest.steps;
  history.replaceState(null, "", `?${queryOf(state)}${location.hash}`);
  urlWritten = performance.now();
}

// ---- the controls ----------------------------------------------------------------------------

function fillActivations() {
  form.elements.activation.replaceChildren(...reference.activations.map((a) => new Option(a.title, a.slug)));
}

// the controls show the state; the function's argument fields are made anew only for another
// function, so that a field being edited keeps the keyboard's focus
function showState() {
  for (const name of CONTROLS) form.elements[name].value = state[name];
  const fields = root.querySelector(".playground-parameters"), list = fields.querySelector("div");
  const shown = Object.entries(state.parameters).filter(([name]) => SHOWN_PARAMETER(name));
  fields.hidden = shown.length === 0;
  if (list.dataset.activation !== state.activation) {
    list.dataset.activation = state.activation;
    list.replaceChildren(...shown.map(([name]) => {
      const label = document.createElement("label"), input = document.createElement("input");
      Object.assign(input, { type: "number", step: "any", name: `parameter-${name}`, required: true });
      label.append(`${name}${name === "init" ? " (PReLU's starting slope, learned)" : ""}`, input);
      return label;
    }));
  }
  for (const [name, value] of shown) form.elements[`parameter-${name}`].value = value;
}

// the state the controls describe; another data set comes with its page's own set-up; a value
// that does not fit is named and replaced by the data set's own
function stateFromControls(changed) {
  const names = changed === "data" ? ["data", "activation"] : CONTROLS;
  const ask = new URLSearchParams(names.map((name) => [name, form.elements[name].value]));
  if (changed !== "data" && form.elements.activation.value === state.activation) {
    for (const input of form.querySelectorAll("[name^=parameter-]")) ask.set(input.name.slice(10), input.value);
  }
  return stateFrom(ask.toString());
}

// a line under the buttons, or none
function say(sentence) {
  notice.hidden = !sentence;
  notice.textContent = sentence;
}

// ---- training (in the trainer) --------------------------------------------------------------

function sizes() {
  return [2, ...Array(state.layers).fill(state.width), sets[state.data].classes];
}

// a new set-up for the trainer, which answers with a snapshot once it has taken the steps asked for
function startTraining() {
  const { x, y } = reference.data[state.data];
  latest = null;
  losses = [];
  trainer.postMessage({ type: "start", number: ++number, slug: state.activation, parameters: state.parameters,
                        sizes: sizes(), seed: state.seed, learningRate: state.lr, points: x, labels: y,
                        steps: state.steps, limit: MOST_STEPS });
}

trainer.onmessage = ({ data: message }) => {
  if (message.number !== number) return;  // from a set-up the reader has left
  if ("progress" in message) {
    status.textContent = `Training to step ${message.target}: ${message.progress} done.`;
    return;
  }
  for (const loss of message.losses) losses.push(loss);
  latest = message;
  drawn = false;
  if (playing && latest.steps >= MOST_STEPS) stopAtTheEnd();
  if (!playing) { draw(); writeUrl(); }  // while playing, the next frame draws it
};
trainer.onerror = (error) => {
  setPlaying(false);
  say(`The training stopped: ${error.message || "this browser could not run it"}.`);
};

// PyTorch's losses from the site build, where this is the set-up the build trained
function pytorchLosses() {
  const d = reference.data[state.data], setUp = d.set_up, defaults = catalogue[state.activation].parameters;
  const same = state.layers === setUp.layers && state.width === setUp.width && state.seed === setUp.seed
    && state.lr === setUp.learning_rate && Object.entries(defaults).every(([n, v]) => state.parameters[n] === v);
  return same ? d.pytorch[state.activation].losses : null;
}

// ---- drawing -----------------------------------------------------------------------------------

function colours() {
  return reference.themes[document.body.dataset.mdColorScheme === "slate" ? "dark" : "light"];
}

function extentOf(data) {
  let largest = 0;
  for (const v of data.x) largest = Math.max(largest, Math.abs(v));
  return Math.ceil(largest * 1.1 * 10) / 10;
}

function gridOf(extent) {
  const x = new Float64Array(CELLS * CELLS * 2);
  for (let row = 0; row < CELLS; row++) {
    for (let column = 0; column < CELLS; column++) {
      x[2 * (row * CELLS + column)] = -extent + (2 * extent * (column + 0.5)) / CELLS;
      x[2 * (row * CELLS + column) + 1] = -extent + (2 * extent * (row + 0.5)) / CELLS;
    }
  }
  return { cells: CELLS, x };
}

// a labelled canvas for each hidden layer's tiles
function unitCanvases() {
  while (unitLayers.children.length > state.layers) unitLayers.lastElementChild.remove();
  while (unitLayers.children.length < state.layers) {
    const layer = document.createElement("div"), label = document.createElement("p");
    const canvas = document.createElement("canvas");
    label.textContent = `Hidden layer ${unitLayers.children.length + 1}`;
    canvas.setAttribute("role", "img");
    layer.append(label, canvas);
    unitLayers.append(layer);
  }
  return [...unitLayers.querySelectorAll("canvas")];
}

function draw() {
  if (!latest) return;
  const data = sets[state.data], extent = extentOf(data), grid = gridOf(extent), palette = colours();
  const network = new Network(state.activation, state.parameters, latest.layers, latest.slopes);
  const pass = network.forward(grid.x, CELLS * CELLS), { loss: now, accuracy } = network.evaluate(data);
  const colour = catalogue[state.activation].colours[palette === reference.themes.dark ? "dark" : "light"];
  const title = catalogue[state.activation].title, pytorch = pytorchLosses();
  drawRegions(canvases.regions, { grid, probabilities: network.probabilities(pass), classes: data.classes, data, extent },
              palette);
  canvases.regions.ariaLabel = `Decision regions of the ${title} network after ${losses.length} steps, with the `
    + `${data.n} data points on top: ${(100 * accuracy).toFixed(1)}% of the points in their own class's region.`;
  drawLoss(canvases.loss, { losses: [...losses, now], pytorch }, palette, colour);
  canvases.loss.ariaLabel = `Training loss over ${losses.length} steps: from ${(losses[0] ?? now).toFixed(3)} `
    + `to ${now.toFixed(3)}.` + (pytorch ? " PyTorch's losses from the site build are marked by rings." : "");
  const first = network.slopes ? network.argumentsOf(0) : state.parameters, { f, df } = ACTIVATIONS[state.activation];
  drawFunction(canvases.function, { f: (x) => f(x, first), df: (x) => df(x, first), xRange: catalogue[state.activation].x_range },
               palette, colour);
  canvases.function.ariaLabel = `${title}: f(x) as a solid line and its derivative f′(x) dashed.`
    + (network.slopes ? ` The first layer's learned slope is now ${network.slopes[0].toFixed(3)}.` : "");
  unitCanvases().forEach((canvas, l) => {
    canvas.style.height = `${unitsHeight(state.width, canvas.getBoundingClientRect().width)}px`;
    drawUnits(canvas, { grid, hidden: pass.hidden[l], units: state.width }, palette, colour);
    canvas.ariaLabel = `Hidden layer ${l + 1}: what each of its ${state.width} units computes over the plane, `
      + `positive in the function's colour, negative in the derivative's.`;
  });
  status.textContent = `Step ${losses.length}: loss ${now.toFixed(4)}, `
    + `${(100 * accuracy).toFixed(1)}% of the ${data.n} points right.`;
  status.dataset.step = losses.length;
  root.dataset.frames = ++frames;
}

// ---- playing ---------------------------------------------------------------------------------------

// while playing, each frame draws the trainer's latest snapshot, if it has not been drawn
function frame() {
  if (!drawn) draw();
  drawn = true;
  if (performance.now() - urlWritten >= URL_EVERY_MS) writeUrl();
  frameRequest = requestAnimationFrame(frame);
}

function setPlaying(on) {
  if (on === playing) return;
  playing = on;
  const button = root.querySelector("[data-action=play]");
  button.textContent = on ? "Pause" : "Play";  // its name says what it does (no aria-pressed beside it)
  status.setAttribute("aria-live", on ? "off" : "polite");
  if (on) {
    trainer.postMessage({ type: "play", speed: +form.elements.speed.value });
    frameRequest = requestAnimationFrame(frame);
  } else {
    cancelAnimationFrame(frameRequest);
    trainer.postMessage({ type: "pause" });
  }
}

function stopAtTheEnd() {
  setPlaying(false);
  say(`Paused at step ${MOST_STEPS}, the most a link can hold; Reset starts again.`);
}

function start(newState, problems) {
  setPlaying(false);
  state = newState;
  say(problems.length ? `Not used: ${problems.join("; ")}.` : "");
  showState();
  startTraining();  // first: the previous network's snapshot is no longer the latest
  writeUrl();
}

const ACTIONS = {
  play: () => (latest?.steps >= MOST_STEPS ? stopAtTheEnd() : setPlaying(!playing)),
  step: () => {
    setPlaying(false);
    trainer.postMessage({ type: "step" });
  },
  reset: () => start({ ...state, steps: 0 }, []),
};

fillActivations();
root.querySelectorAll("button[data-action]").forEach((button) => {
  button.addEventListener("click", () => ACTIONS[button.dataset.action]());
  button.disabled = false;
});
form.addEventListener("change", (event) => {
  if (event.target.name === "speed") {
    if (playing) trainer.postMessage({ type: "play", speed: +event.target.value });
    return;
  }
  const { state: chosen, problems } = stateFromControls(event.target.name);
  start({ ...chosen, steps: 0 }, problems);
});
form.addEventListener("submit", (event) => event.preventDefault());
new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
new ResizeObserver(() => draw()).observe(root);
motionWelcome.addEventListener("change", () => { if (!motionWelcome.matches) setPlaying(false); });
const { state: linked, problems } = stateFrom(location.search);
start(linked, problems);
root.classList.add("playground-ready");
