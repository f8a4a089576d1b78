// The lecture's XOR network in the browser: inputs, one hidden layer with a catalogue activation,
// two logits, softmax cross-entropy, trained by full-batch SGD as torch.optim.SGD does, in double
// precision. PReLU learns its slope as nn.PReLU does (one slope for the layer).
// tests/test_playground.py trains every catalogue function's seed-123 network of the XOR page for
// 25 steps here and compares each step's loss with PyTorch's (figures_src/figures/playground.py).
import { ACTIVATIONS } from "./activations.js";

export class Network {
  // initial: PyTorch's state_dict as nested lists ("0.weight", "0.bias", ["1.weight",] "2.weight", "2.bias")
  constructor(slug, parameters, initial) {
    this.activation = ACTIVATIONS[slug];
    this.parameters = { ...parameters };
    this.learnsSlope = "1.weight" in initial;  // PReLU's slope
    if (this.learnsSlope) this.parameters.init = initial["1.weight"][0];
    this.w1 = initial["0.weight"].map((row) => [...row]);
    this.b1 = [...initial["0.bias"]];
    this.w2 = initial["2.weight"].map((row) => [...row]);
    this.b2 = [...initial["2.bias"]];
  }

  hidden(point) {
    return this.w1.map((row, h) => this.b1[h] + row[0] * point[0] + row[1] * point[1]);
  }

  logits(point) {
    const z = this.hidden(point);
    const a = z.map((value) => this.activation.f(value, this.parameters));
    return this.w2.map((row, c) => this.b2[c] + row.reduce((sum, weight, h) => sum + weight * a[h], 0));
  }

  // mean cross-entropy over the points and, unless `withGradient` is false, its gradient
  evaluate(points, labels, withGradient = true) {
    const n = points.length, hiddenUnits = this.b1.length, classes = this.b2.length;
    const g = { w1: this.w1.map((row) => row.map(() => 0)), b1: this.b1.map(() => 0),
                w2: this.w2.map((row) => row.map(() => 0)), b2: this.b2.map(() => 0), slope: 0 };
    let loss = 0;
    points.forEach((point, index) => {
      const z = this.hidden(point);
      const a = z.map((value) => this.activation.f(value, this.parameters));
      const logits = this.w2.map((row, c) => this.b2[c] + row.reduce((sum, weight, h) => sum + weight * a[h], 0));
      const top = Math.max(...logits);
      const logSum = top + Math.log(logits.reduce((sum, value) => sum + Math.exp(value - top), 0));
      loss -= logits[labels[index]] - logSum;
      if (!withGradient) return;
      const dLogits = logits.map((value, c) => (Math.exp(value - logSum) - (c === labels[index] ? 1 : 0)) / n);
      for (let c = 0; c < classes; c++) {
        g.b2[c] += dLogits[c];
        for (let h = 0; h < hiddenUnits; h++) g.w2[c][h] += dLogits[c] * a[h];
      }
      for (let h = 0; h < hiddenUnits; h++) {
        const dA = this.w2.reduce((sum, row, c) => sum + row[h] * dLogits[c], 0);
        const dZ = dA * this.activation.df(z[h], this.parameters);
        g.b1[h] += dZ;
        g.w1[h][0] += dZ * point[0];
        g.w1[h][1] += dZ * point[1];
        if (this.learnsSlope && z[h] <= 0) g.slope += dA * z[h];
      }
    });
    return { loss: loss / n, gradient: g };
  }

  // one full-batch SGD step; returns the loss before it, as the lecture's loop records it
  step(points, labels, learningRate) {
    const { loss, gradient: g } = this.evaluate(points, labels);
    this.w1.forEach((row, h) => { row[0] -= learningRate * g.w1[h][0]; row[1] -= learningRate * g.w1[h][1]; });
    this.b1.forEach((_, h) => { this.b1[h] -= learningRate * g.b1[h]; });
    this.w2.forEach((row, c) => row.forEach((_, h) => { row[h] -= learningRate * g.w2[c][h]; }));
    this.b2.forEach((_, c) => { this.b2[c] -= learningRate * g.b2[c]; });
    if (this.learnsSlope) this.parameters.init -= learningRate * g.slope;
    return loss;
  }

  accuracy(points, labels) {
    const correct = points.filter((point, index) => {
      const logits = this.logits(point);
      return logits.indexOf(Math.max(...logits)) === labels[index];
    });
    return correct.length / points.length;
  }
}
