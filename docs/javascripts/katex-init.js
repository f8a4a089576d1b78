// Typeset the math that pymdownx.arithmatex marked, on every page view (instant loading too).
// A formula KaTeX cannot parse is reported on the console, which the browser test watches.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
    });
  }
});
