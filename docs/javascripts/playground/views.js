// What the playground draws, each on its own canvas: the decision regions with the data, the
// loss curve (with PyTorch's losses where the set-up is one the site build trained), the
// activation function and its derivative, and what each hidden unit computes over the plane.
// Each function takes the canvas, what to draw, and the colours of the reader's scheme.

const FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

// the canvas's drawing context at the screen's pixel density, in CSS pixels
function context(canvas) {
  const ratio = window.devicePixelRatio || 1, { width, height } = canvas.getBoundingClientRect();
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.font = FONT;
  return { ctx, width, height };
}

// a canvas off the page to paint a picture into and copy it from: an OffscreenCanvas, or in a
// browser without one, a canvas element never added to the page (drawImage takes either)
function scratchCanvas(width, height) {
  if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement("canvas"), { width, height });
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

// writes the colour `share` of the way from `from` to `to` into `pixels` at `p`
function mixInto(pixels, p, from, to, share) {
  pixels[p] = from[0] + (to[0] - from[0]) * share;
  pixels[p + 1] = from[1] + (to[1] - from[1]) * share;
  pixels[p + 2] = from[2] + (to[2] - from[2]) * share;
  pixels[p + 3] = 255;
}

// `tiles` pictures side by side, one pixel per grid point (cells x cells each; row 0 at the
// bottom), painted by paint(tile, row, column, pixels, p); a canvas for drawImage to scale up, smoothly
function gridPicture(cells, tiles, paint) {
  const image = new ImageData(cells * tiles, cells), pixels = image.data;
  for (let tile = 0; tile < tiles; tile++) {
    for (let row = 0; row < cells; row++) {
      for (let column = 0; column < cells; column++) {
        // grid points run along x first, y from the bottom; the picture's rows run from the top
        paint(tile, row, column, pixels, 4 * ((cells - 1 - row) * cells * tiles + tile * cells + column));
      }
    }
  }
  const picture = scratchCanvas(cells * tiles, cells);
  picture.getContext("2d").putImageData(image, 0, 0);
  return picture;
}

// the lecture's markers: squares for class 0, dots for class 1, triangles for class 2
function marker(ctx, label, x, y, radius) {
  ctx.moveTo(x + radius, y);
  if (label === 0) ctx.rect(x - radius, y - radius, 2 * radius, 2 * radius);
  else if (label === 1) ctx.arc(x, y, radius, 0, 2 * Math.PI);
  else { ctx.moveTo(x, y - 1.2 * radius); ctx.lineTo(x + 1.1 * radius, y + radius); ctx.lineTo(x - 1.1 * radius, y + radius); }
  ctx.closePath();
}

// regions: the winning class at each grid point, its tint deeper the surer the network is
export function drawRegions(canvas, { grid, probabilities, classes, data, extent }, colours) {
  const { ctx, width, height } = context(canvas);
  const background = rgb(colours.background), tints = colours.regions.map(rgb);
  const picture = gridPicture(grid.cells, 1, (_, row, column, pixels, p) => {
    const point = row * grid.cells + column;
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[point * classes + c] > probabilities[point * classes + best]) best = c;
    const sureness = (probabilities[point * classes + best] - 1 / classes) / (1 - 1 / classes);
    mixInto(pixels, p, background, tints[best], Math.min(1, 1.5 * sureness));
  });
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(picture, 0, 0, width, height);
  ctx.drawImage(pointsLayer(canvas, { data, classes, extent }, colours, width, height), 0, 0, width, height);
}

// the data points never move: drawn once for each data set, scheme and size, then copied
const drawnPoints = new WeakMap();  // canvas: {key, layer}
function pointsLayer(canvas, { data, classes, extent }, colours, width, height) {
  const key = [data.n, data.x[0], colours.background, canvas.width, canvas.height].join(" ");
  if (drawnPoints.get(canvas)?.key !== key) {
    const layer = scratchCanvas(canvas.width, canvas.height), ctx = layer.getContext("2d");
    ctx.scale(canvas.width / width, canvas.height / height);
    const toX = (x) => ((x + extent) / (2 * extent)) * width, toY = (y) => ((extent - y) / (2 * extent)) * height;
    ctx.lineWidth = 0.75;
    ctx.strokeStyle = colours.background;
    for (let label = 0; label < classes; label++) {  // one path per class
      ctx.beginPath();
      for (let i = 0; i < data.n; i++) if (data.y[i] === label) marker(ctx, label, toX(data.x[2 * i]), toY(data.x[2 * i + 1]), 2.4);
      ctx.fillStyle = colours.classes[label];
      ctx.fill();
      ctx.stroke();
    }
    drawnPoints.set(canvas, { key, layer });
  }
  return drawnPoints.get(canvas).layer;
}

function axes(ctx, box, colours, { xLabel, yLabel, xTicks, yTicks, toX, toY }) {
  ctx.strokeStyle = colours.grid;
  ctx.fillStyle = colours.foreground;
  ctx.lineWidth = 1;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const tick of xTicks) {
    ctx.beginPath(); ctx.moveTo(toX(tick), box.top); ctx.lineTo(toX(tick), box.bottom); ctx.stroke();
    ctx.fillText(String(tick), toX(tick), box.bottom + 4);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const tick of yTicks) {
    ctx.beginPath(); ctx.moveTo(box.left, toY(tick)); ctx.lineTo(box.right, toY(tick)); ctx.stroke();
    ctx.fillText(String(tick), box.left - 4, toY(tick));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xLabel, (box.left + box.right) / 2, box.bottom + 34);
  ctx.save();
  ctx.translate(12, (box.top + box.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
}

// about four round ticks from 0 (or from low) to high
function ticks(low, high) {
  const rough = (high - low) / 4, power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  const values = [];
  for (let v = Math.ceil(low / step) * step; v <= high + 1e-9; v += step) values.push(+v.toPrecision(6));
  return values;
}

function line(ctx, points, colour, dashed = false) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.setLineDash(dashed ? [6, 4] : []);
  ctx.beginPath();
  points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.stroke();
  ctx.setLineDash([]);
}

// a sample of each line or marker, and its words in the text colour
function legend(ctx, box, colours, entries) {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillStyle = colours.foreground;
  entries.forEach(({ text, draw }, i) => {
    const y = box.top + 10 + 18 * i, x = box.right - 150;
    draw(ctx, x, y);
    ctx.fillText(text, x + 28, y);
  });
}

const BOX = (width, height) => ({ left: 46, right: width - 18, top: 8, bottom: height - 42 });

// the loss before each step (as the lecture's loop records it) and the loss now
export function drawLoss(canvas, { losses, pytorch }, colours, colour) {
  const { ctx, width, height } = context(canvas);
  ctx.clearRect(0, 0, width, height);
  const box = BOX(width, height);
  const steps = Math.max(losses.length - 1, pytorch ? pytorch.length - 1 : 0, 10);
  let top = 0.1;  // a loop, not Math.max(...losses): a long run has more losses than a call takes arguments
  for (const loss of pytorch || []) top = Math.max(top, loss);
  for (const loss of losses) top = Math.max(top, loss);
  top *= 1.05;
  const toX = (step) => box.left + (step / steps) * (box.right - box.left);
  const toY = (loss) => box.bottom - (loss / top) * (box.bottom - box.top);
  axes(ctx, box, colours, { xLabel: "step", yLabel: "loss (cross-entropy)", xTicks: ticks(0, steps),
                            yTicks: ticks(0, top), toX, toY });
  const every = Math.max(1, Math.floor(losses.length / (box.right - box.left)));
  line(ctx, losses.filter((_, i) => i % every === 0 || i === losses.length - 1)
    .map((loss, i, shown) => [toX(i === shown.length - 1 ? losses.length - 1 : i * every), toY(loss)]), colour);
  const entries = [{ text: "in this page", draw: (c, x, y) => line(c, [[x, y], [x + 22, y]], colour) }];
  if (pytorch) {
    const radius = Math.max(1.5, Math.min(3.5, (toX(1) - toX(0)) / 2));  // apart, however many steps are shown
    const ring = (c, x, y) => {
      c.strokeStyle = colours.foreground;
      c.lineWidth = 1.5;
      c.beginPath();
      c.arc(x, y, radius, 0, 2 * Math.PI);
      c.stroke();
    };
    pytorch.forEach((loss, step) => ring(ctx, toX(step), toY(loss)));
    entries.push({ text: "PyTorch (site build)", draw: (c, x, y) => ring(c, x + 11, y) });
  }
  legend(ctx, box, colours, entries);
}

// f and f' over the catalogue's plot range for the function
export function drawFunction(canvas, { f, df, xRange }, colours, colour) {
  const { ctx, width, height } = context(canvas);
  ctx.clearRect(0, 0, width, height);
  const box = BOX(width, height), [low, high] = xRange, samples = 241;
  const xs = Array.from({ length: samples }, (_, i) => low + ((high - low) * i) / (samples - 1));
  const values = xs.map(f), slopes = xs.map(df);
  const all = [...values, ...slopes].filter(Number.isFinite);
  const bottom = Math.min(0, ...all), up = Math.max(1, ...all), margin = 0.05 * (up - bottom);
  const toX = (x) => box.left + ((x - low) / (high - low)) * (box.right - box.left);
  const toY = (y) => box.bottom - ((y - bottom + margin) / (up - bottom + 2 * margin)) * (box.bottom - box.top);
  axes(ctx, box, colours, { xLabel: "x", yLabel: "", xTicks: ticks(low, high), yTicks: ticks(bottom, up), toX, toY });
  line(ctx, xs.map((x, i) => [toX(x), toY(slopes[i])]), colours.derivative, true);
  line(ctx, xs.map((x, i) => [toX(x), toY(values[i])]), colour);
  legend(ctx, { ...box, right: box.left + 158 }, colours, [
    { text: "f(x)", draw: (c, x, y) => line(c, [[x, y], [x + 22, y]], colour) },
    { text: "f′(x)", draw: (c, x, y) => line(c, [[x, y], [x + 22, y]], colours.derivative, true) },
  ]);
}

// one tile per unit of a hidden layer: its output over the plane, in the function's colour
// where positive and the derivative's where negative, deeper the larger (each unit to its own scale)
export function drawUnits(canvas, { grid, hidden, units }, colours, colour) {
  const { ctx, width, height } = context(canvas);
  ctx.clearRect(0, 0, width, height);
  const background = rgb(colours.background), positive = rgb(colour), negative = rgb(colours.derivative);
  const points = grid.cells * grid.cells, largest = new Float64Array(units).fill(1e-12);
  for (let i = 0; i < points * units; i++) largest[i % units] = Math.max(largest[i % units], Math.abs(hidden[i]));
  // every other grid point: a tile is small, and this is the costliest picture to paint
  const picture = gridPicture(grid.cells / 2, units, (unit, row, column, pixels, p) => {
    const value = hidden[(2 * row * grid.cells + 2 * column) * units + unit] / largest[unit];
    mixInto(pixels, p, background, value >= 0 ? positive : negative, Math.abs(value));
  });
  const columns = unitColumns(width);
  ctx.imageSmoothingEnabled = true;
  ctx.strokeStyle = colours.grid;
  ctx.lineWidth = 1;
  for (let unit = 0; unit < units; unit++) {
    const left = (unit % columns) * (UNIT_TILE + UNIT_GAP), top = Math.floor(unit / columns) * (UNIT_TILE + UNIT_GAP);
    ctx.drawImage(picture, (unit * grid.cells) / 2, 0, grid.cells / 2, grid.cells / 2, left, top, UNIT_TILE, UNIT_TILE);
    ctx.strokeRect(left + 0.5, top + 0.5, UNIT_TILE - 1, UNIT_TILE - 1);
  }
}

export const UNIT_TILE = 40, UNIT_GAP = 6;

const unitColumns = (width) => Math.max(1, Math.floor((width + UNIT_GAP) / (UNIT_TILE + UNIT_GAP)));

// the height a layer's canvas needs for `units` tiles at `width` CSS pixels
export function unitsHeight(units, width) {
  return Math.ceil(units / unitColumns(width)) * (UNIT_TILE + UNIT_GAP) - UNIT_GAP;
}
