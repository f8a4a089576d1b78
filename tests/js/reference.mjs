// The numbers PyTorch computed for these tests, which tests/test_playground_math.py writes at test
// time (from the project's own code) into the file PLAYGROUND_REFERENCE names; and how far a
// JavaScript result is from PyTorch's.
import { readFileSync } from "node:fs";

const path = process.env.PLAYGROUND_REFERENCE;
if (!path) {
  throw new Error("PLAYGROUND_REFERENCE names no file of PyTorch's numbers: run these tests with "
    + "`pytest tests/test_playground_math.py`, or write the file with "
    + "`python -m tests.test_playground_math reference.json` first");
}
export const reference = JSON.parse(readFileSync(path, "utf8"));

// the largest difference between two lists of numbers, relative where the expected number is
// beyond 1 in size (absolute below), and where it is: {error, at}; a missing or extra number,
// or a NaN, is an infinite error
export function worst(computed, expected) {
  if (computed.length !== expected.length) return { error: Infinity, at: `length ${computed.length}, not ${expected.length}` };
  let error = 0, at = null;
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(computed[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(difference <= error)) { error = Number.isNaN(difference) ? Infinity : difference; at = i; }
  }
  return { error, at };
}
