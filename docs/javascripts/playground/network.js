// The lecture's networks in the browser: nn.Sequential(Linear, activation, [Linear, activation,
// ...,] Linear) with a catalogue activation after each hidden layer, two or three logits,
// softmax cross-entropy, trained by full-batch SGD as torch.optim.SGD does, in double precision
// on typed arrays. PReLU learns its slope as nn.PReLU does (one slope per activation layer).
// tests/test_playground.py trains each data set's network as its page trains it (the XOR page's
// seed-123 network, the ReLU family page's spiral network), with every catalogue function, for 25
// steps here and compares each step's loss with PyTorch's (figures_src/figures/playground.py);
// tests/js/network.test.mjs compares the logits and every gradient with PyTorch's, in Node.
import { ACTIVATIONS } from "./activations.js";
import { TorchGenerator, linearLayer } from "./random.js";

// points as the network reads them: n rows of two features, flat
export function dataset(points, labels) {
  return { n: labels.length, x: Float64Array.from(points.flat()), y: Int32Array.from(labels),
           classes: Math.max(...labels) + 1 };
}

// the gradient of a linear layer's weights and biases from the gradient at its n outputs; each
// sum over the points is kept in a local variable (faster than adding into an array)
function parameterGradients(dOutput, input, n, inputs, outputs) {
  const weights = new Float64Array(outputs * inputs), biases = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let biasSum = 0;
    for (let i = 0; i < n; i++) biasSum += dOutput[i * outputs + o];
    biases[o] = biasSum;
    for (let k = 0; k < inputs; k++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += dOutput[i * outputs + o] * input[i * inputs + k];
      weights[o * inputs + k] = sum;
    }
  }
  return { weights, biases };
}

// the gradient at a linear layer's n inputs from the gradient at its outputs
function inputGradient(dOutput, weight, n, inputs, outputs) {
  const dInput = new Float64Array(n * inputs);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < inputs; k++) {
      let sum = 0;
      for (let o = 0; o < outputs; o++) sum += dOutput[i * outputs + o] * weight[o * inputs + k];
      dInput[i * inputs + k] = sum;
    }
  }
  return dInput;
}

export class Network {
  // layers: [{inputs, outputs, weight: Float64Array(outputs * inputs), bias: Float64Array(outputs)}];
  // slopes: PReLU's learned slopes, one per activation layer (all `parameters.init` if not given)
  constructor(slug, parameters, layers, slopes = null) {
    this.activation = ACTIVATIONS[slug];
    this.parameters = { ...parameters };
    this.layers = layers;
    this.slopes = slug === "prelu" ? (slopes ?? new Float64Array(layers.length - 1).fill(parameters.init)) : null;
  }

  // torch.manual_seed(seed), then the model built layer by layer: sizes [2, hidden..., classes]
  static seeded(slug, parameters, sizes, seed) {
    const generator = new TorchGenerator(seed);
    return new Network(slug, parameters, sizes.slice(1).map((outputs, l) => linearLayer(generator, sizes[l], outputs)));
  }

  // the activation's arguments in hidden layer l (its own slope for PReLU)
  argumentsOf(l) {
    return this.slopes ? { ...this.parameters, init: this.slopes[l] } : this.parameters;
  }

  // every layer's output for n points: hidden[l] (after the activation), received[l] (before
  // it), and the logits, each n rows, flat
  forward(x, n) {
    const received = [], hidden = [];
    let input = x;
    this.layers.forEach((layer, l) => {
      const { inputs, outputs, weight, bias } = layer;
      const z = new Float64Array(n * outputs);
      for (let i = 0; i < n; i++) {
        for (let o = 0; o < outputs; o++) {
          let sum = bias[o];
          for (let k = 0; k < inputs; k++) sum += weight[o * inputs + k] * input[i * inputs + k];
          z[i * outputs + o] = sum;
        }
      }
      if (l === this.layers.length - 1) { input = z; return; }
      const { f } = this.activation, p = this.argumentsOf(l), a = new Float64Array(z.length);
      for (let j = 0; j < z.length; j++) a[j] = f(z[j], p);
      received.push(z);
      hidden.push(input = a);
    });
    return { received, hidden, logits: input };
  }

  // each class's probability (softmax) for each row of a forward pass's logits
  probabilities({ logits }) {
    const classes = this.layers.at(-1).outputs, probabilities = new Float64Array(logits.length);
    for (let row = 0; row < logits.length; row += classes) {
      let top = -Infinity, total = 0;
      for (let c = 0; c < classes; c++) top = Math.max(top, logits[row + c]);
      for (let c = 0; c < classes; c++) total += (probabilities[row + c] = Math.exp(logits[row + c] - top));
      for (let c = 0; c < classes; c++) probabilities[row + c] /= total;
    }
    return probabilities;
  }

  // mean cross-entropy (from the log-sum-exp, which stays finite where a probability would round
  // to 0), and each logit's share of its gradient: softmax minus the one-hot label, over n
  loss({ x, y, n }, pass = this.forward(x, n)) {
    const classes = this.layers.at(-1).outputs, dLogits = new Float64Array(n * classes);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const row = i * classes, logits = pass.logits;
      let top = -Infinity, total = 0;
      for (let c = 0; c < classes; c++) top = Math.max(top, logits[row + c]);
      for (let c = 0; c < classes; c++) total += Math.exp(logits[row + c] - top);
      const logSum = top + Math.log(total);
      loss -= logits[row + y[i]] - logSum;
      for (let c = 0; c < classes; c++) dLogits[row + c] = (Math.exp(logits[row + c] - logSum) - (c === y[i])) / n;
    }
    return { loss: loss / n, dLogits };
  }

  // the loss and the gradient of every parameter, by backpropagation through a forward pass:
  // each linear layer's {weights, biases}, and PReLU's slopes (null for the other functions)
  gradients(data, pass = this.forward(data.x, data.n)) {
    const { loss, dLogits } = this.loss(data, pass);
    const layers = [], slopes = this.slopes && new Float64Array(this.slopes.length);
    let dOutput = dLogits;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const { inputs, outputs, weight } = this.layers[l];
      const input = l === 0 ? data.x : pass.hidden[l - 1];
      layers[l] = parameterGradients(dOutput, input, data.n, inputs, outputs);
      if (l === 0) break;
      const dHidden = inputGradient(dOutput, weight, data.n, inputs, outputs);
      dOutput = this.throughActivation(l - 1, pass.received[l - 1], dHidden, slopes);
    }
    return { loss, layers, slopes };
  }

  // one full-batch SGD step, every gradient taken before any parameter moves, as
  // torch.optim.SGD does; returns the loss before it, as the lecture's loop records it
  step(data, learningRate) {
    const { loss, layers, slopes } = this.gradients(data);
    this.layers.forEach(({ weight, bias }, l) => {
      const { weights: gradient, biases: biasGradient } = layers[l];
      for (let j = 0; j < weight.length; j++) weight[j] -= learningRate * gradient[j];
      for (let o = 0; o < bias.length; o++) bias[o] -= learningRate * biasGradient[o];
    });
    if (slopes) slopes.forEach((gradient, l) => { this.slopes[l] -= learningRate * gradient; });
    return loss;
  }

  // the gradient at what hidden layer l received, from the gradient at its output; for PReLU,
  // the gradient of the layer's slope goes into slopeGradients[l] (the output's gradient times
  // the input, where the input <= 0)
  throughActivation(l, received, dOutput, slopeGradients) {
    const { df } = this.activation, p = this.argumentsOf(l);
    const dReceived = new Float64Array(received.length);
    let slopeGradient = 0;
    for (let j = 0; j < received.length; j++) {
      if (received[j] <= 0) slopeGradient += dOutput[j] * received[j];
      dReceived[j] = dOutput[j] * df(received[j], p);
    }
    if (slopeGradients) slopeGradients[l] = slopeGradient;
    return dReceived;
  }

  // the mean cross-entropy and the share of points classified right, in one pass
  evaluate(data) {
    const pass = this.forward(data.x, data.n), classes = this.layers.at(-1).outputs;
    let right = 0;
    for (let i = 0; i < data.n; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (pass.logits[i * classes + c] > pass.logits[i * classes + best]) best = c;
      right += best === data.y[i];
    }
    return { loss: this.loss(data, pass).loss, accuracy: right / data.n };
  }
}
