// The playground's training, in a worker beside the page: while the page draws, the network
// trains here, on another core. The page sends a set-up ("start", with the steps a link asks
// for and the most steps it may take), "step", "play" (at a speed, in steps a second) and "pause"; the trainer answers with
// snapshots: the steps taken, the losses recorded since the last snapshot and the weights, for
// the page to draw. Every message of a set-up carries its number, so
// that the page can tell a late snapshot of the previous set-up from the current ones.
// tests/js/trainer.test.mjs sends it the page's messages, in Node, and compares the losses with PyTorch's.
import { Network, dataset } from "./network.js";

const SNAPSHOT_MS = 15;  // while playing, a snapshot about this often (about one a frame)
const CHUNK_MS = 50;  // catching up with a link, training without a break at most this long

let setUp, network, data, losses, reported, playing = false, runs = 0, speed, due, last, lastSnapshot = 0;

function snapshot() {
  postMessage({ number: setUp.number, steps: losses.length, losses: losses.slice(reported),
                layers: network.layers, slopes: network.slopes });
  reported = losses.length;
  lastSnapshot = performance.now();
}

// up to `count` steps, for at most `milliseconds`; returns the steps taken
function train(count, milliseconds) {
  const start = performance.now();
  let taken = 0;
  for (; taken < count && performance.now() - start < milliseconds; taken++) losses.push(network.step(data, setUp.learningRate));
  return taken;
}

// training towards the steps a link asks for, a chunk at a time, with word of the progress;
// a new set-up ends it
function catchUp(target, number) {
  if (setUp.number !== number) return;
  train(target - losses.length, CHUNK_MS);
  if (losses.length < target) {
    postMessage({ number, progress: losses.length, target });
    setTimeout(() => catchUp(target, number));
  } else snapshot();
}

// while playing: the steps due at the speed asked for, as many as fit before the next snapshot
// (a tenth of a second's worth may wait for the next turn; more is dropped, not owed), then a
// snapshot if one is due; a pause or a new set-up ends it
function play(run) {
  if (!playing || run !== runs) return;
  const now = performance.now();
  due = Math.min(due + (speed * (now - last)) / 1000, speed / 10 + 1);
  last = now;
  due -= train(Math.min(Math.floor(due), setUp.limit - losses.length), SNAPSHOT_MS);
  const done = losses.length >= setUp.limit;  // as far as a link can reach; the page says so
  if (losses.length > reported && (done || performance.now() - lastSnapshot >= SNAPSHOT_MS)) snapshot();
  if (done) playing = false;
  else setTimeout(() => play(run), Math.min(SNAPSHOT_MS, ((1 - due) * 1000) / speed));
}

const HANDLERS = {
  start(message) {
    playing = false;
    setUp = message;
    data = dataset(message.points, message.labels);
    network = Network.seeded(message.slug, message.parameters, message.sizes, message.seed);
    losses = [];
    reported = 0;
    catchUp(message.steps, message.number);
  },
  step() {
    playing = false;
    train(Math.min(1, setUp.limit - losses.length), Infinity);
    snapshot();
  },
  play(message) {
    speed = message.speed;
    if (playing) return;
    playing = true;
    due = 1;
    last = performance.now();
    play(++runs);
  },
  pause() {
    playing = false;
    snapshot();
  },
};

onmessage = ({ data: message }) => HANDLERS[message.type](message);
