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

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const mix = (from, to, share) => from.map((value, i) => Math.round(value + (to[i] - value) * share));

// one cell per grid point, scaled to the canvas (smoothly: the grid is coarser than the screen)
function paintGrid(ctx, size, cells, colourAt, width, height) {
  const image = new ImageData(cells, cells);
  for (let row = 0; row < cells; row++) {
    for (let column = 0; column < cells; column++) {
      // grid points run along x first, y from the bottom; the canvas's rows run from the top
      const [r, g, b] = colourAt(row * cells + column);
      const pixel = 4 * ((cells - 1 - row) * cells + column);
      image.data.set([r, g, b, 255], pixel);
    }
  }
  const cellCanvas = new OffscreenCanvas(cells, cells);
  cellCanvas.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(cellCanvas, size.left, size.top, width, height);
}

// the lecture's markers: squares for class 0, dots for class 1, triangles for class 2
function marker(ctx, label, x, y, radius) {
  ctx.beginPath();
  if (label === 0) ctx.rect(x - radius, y - radius, 2 * radius, 2 * radius);
  else if (label === 1) ctx.arc(x, y, radius, 0, 2 * Math.PI);
  else { ctx.moveTo(x, y - 1.2 * radius); ctx.lineTo(x + 1.1 * radius, y + radius); ctx.lineTo(x - 1.1 * radius, y + radius); }
  ctx.closePath();
}

// regions: the winning class at each grid point, its tint deeper the surer the network is
export function drawRegions(canvas, { grid, probabilities, classes, data, extent }, colours) {
  const { ctx, width, height } = context(canvas);
  const background = rgb(colours.background), tints = colours.regions.map(rgb);
  paintGrid(ctx, { left: 0, top: 0 }, grid.cells, (i) => {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    const best = row.indexOf(Math.max(...row));
    return mix(background, tints[best], Math.min(1, (row[best] - 1 / classes) / (1 - 1 / classes) * 1.5));
  }, width, height);
  const toX = (x) => ((x + extent) / (2 * extent)) * width, toY = (y) => ((extent - y) / (2 * extent)) * height;
  ctx.lineWidth = 0.75;
  ctx.strokeStyle = colours.background;
  for (let i = 0; i < data.n; i++) {
    marker(ctx, data.y[i], toX(data.x[2 * i]), toY(data.x[2 * i + 1]), 2.4);
    ctx.fillStyle = colours.classes[data.y[i]];
    ctx.fill();
    ctx.stroke();
  }
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

function legend(ctx, box, entries) {
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  entries.forEach(({ text, colour, draw }, i) => {
    const y = box.top + 10 + 18 * i, x = box.right - 150;
    draw(ctx, x, y, colour);
    ctx.fillStyle = colour;
    ctx.fillText(text, x + 28, y);
  });
}

const BOX = (width, height) => ({ left: 46, right: width - 10, top: 8, bottom: height - 42 });

// the loss before each step (as the lecture's loop records it) and the loss now
export function drawLoss(canvas, { losses, pytorch }, colours, colour) {
  const { ctx, width, height } = context(canvas);
  ctx.clearRect(0, 0, width, height);
  const box = BOX(width, height);
  const steps = Math.max(losses.length - 1, pytorch ? pytorch.length - 1 : 0, 10);
  const top = Math.max(...losses, ...(pytorch || []), 0.1) * 1.05;
  const toX = (step) => box.left + (step / steps) * (box.right - box.left);
  const toY = (loss) => box.bottom - (loss / top) * (box.bottom - box.top);
  axes(ctx, box, colours, { xLabel: "step", yLabel: "loss (cross-entropy)", xTicks: ticks(0, steps),
                            yTicks: ticks(0, top), toX, toY });
  const every = Math.max(1, Math.floor(losses.length / (box.right - box.left)));
  line(ctx, losses.filter((_, i) => i % every === 0 || i === losses.length - 1)
    .map((loss, i, shown) => [toX(i === shown.length - 1 ? losses.length - 1 : i * every), toY(loss)]), colour);
  const entries = [{ text: "in this page", colour, draw: (c, x, y) => line(c, [[x, y], [x + 22, y]], colour) }];
  if (pytorch) {
    ctx.strokeStyle = colours.foreground;
    ctx.lineWidth = 1.5;
    const ring = (c, x, y) => { c.beginPath(); c.arc(x, y, 3.5, 0, 2 * Math.PI); c.stroke(); };
    pytorch.forEach((loss, step) => ring(ctx, toX(step), toY(loss)));
    entries.push({ text: "PyTorch (site build)", colour: colours.foreground, draw: (c, x, y) => ring(c, x + 11, y) });
  }
  legend(ctx, box, entries);
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
  legend(ctx, { ...box, right: box.left + 150 }, [
    { text: "f(x)", colour, draw: (c, x, y) => line(c, [[x, y], [x + 22, y]], colour) },
    { text: "f′(x)", colour: colours.derivative,
      draw: (c, x, y) => line(c, [[x, y], [x + 22, y]], colours.derivative, true) },
  ]);
}

// one tile per unit of a hidden layer: its output over the plane, in the function's colour
// where positive and the derivative's where negative, deeper the larger (each unit to its own scale)
export function drawUnits(canvas, { grid, hidden, units }, colours, colour) {
  const { ctx, width } = context(canvas);
  ctx.clearRect(0, 0, width, canvas.height);
  const tile = UNIT_TILE, columns = Math.max(1, Math.floor((width + UNIT_GAP) / (tile + UNIT_GAP)));
  const background = rgb(colours.background), positive = rgb(colour), negative = rgb(colours.derivative);
  const points = grid.cells * grid.cells;
  for (let unit = 0; unit < units; unit++) {
    let largest = 1e-12;
    for (let i = 0; i < points; i++) largest = Math.max(largest, Math.abs(hidden[i * units + unit]));
    const left = (unit % columns) * (tile + UNIT_GAP), top = Math.floor(unit / columns) * (tile + UNIT_GAP);
    paintGrid(ctx, { left, top }, grid.cells, (i) => {
      const value = hidden[i * units + unit] / largest;
      return mix(background, value >= 0 ? positive : negative, Math.abs(value));
    }, tile, tile);
    ctx.strokeStyle = colours.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, tile - 1, tile - 1);
  }
}

export const UNIT_TILE = 40, UNIT_GAP = 6;

// the height a layer's canvas needs for `units` tiles at `width` CSS pixels
export function unitsHeight(units, width) {
  const columns = Math.max(1, Math.floor((width + UNIT_GAP) / (UNIT_TILE + UNIT_GAP)));
  return Math.ceil(units / columns) * (UNIT_TILE + UNIT_GAP) - UNIT_GAP;
}
