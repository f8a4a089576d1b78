// Typesets TeX with KaTeX for the MkDocs hook in katex.py, so that pages need no script for math.
// Reads one JSON request a line, {"tex": ..., "display": true|false}, and answers each with one
// JSON line, {"html": ...} or {"error": ...}. It stays running for a whole build (or `serve`).
const readline = require("node:readline");
const katex = require("katex");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { tex, display } = JSON.parse(line);
  let answer;
  try {
    answer = { html: katex.renderToString(tex, { displayMode: display, throwOnError: true }) };
  } catch (error) {
    answer = { error: error.message };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
