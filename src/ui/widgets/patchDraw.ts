// Drawing helpers shared by the patch-level figures: a 32×32 image scaled up, and one colour per
// patch of an 8×8 grid.
export function drawImage(g: CanvasRenderingContext2D, rgba: Uint8ClampedArray, size: number, alpha = 1) {
  const img = document.createElement('canvas');
  img.width = img.height = 32;
  img.getContext('2d')!.putImageData(new ImageData(Uint8ClampedArray.from(rgba), 32, 32), 0, 0);
  g.imageSmoothingEnabled = false;
  g.globalAlpha = alpha;
  g.drawImage(img, 0, 0, size, size);
  g.globalAlpha = 1;
}

/** Fill patch i of a grid×grid image with a colour, or leave it (null). */
export function drawPatches(g: CanvasRenderingContext2D, grid: number, size: number, colour: (i: number) => string | null) {
  const s = size / grid;
  for (let i = 0; i < grid * grid; i++) {
    const c = colour(i);
    if (!c) continue;
    g.fillStyle = c;
    g.fillRect((i % grid) * s, Math.floor(i / grid) * s, s, s);
  }
}

/** A stable, distinct colour per prototype id (golden-angle hues, three lightness bands). */
export const prototypeColour = (k: number) => `hsl(${(k * 137.508) % 360}, 70%, ${[52, 68, 38][k % 3]}%)`;

/** Outline the region of patches where keep[i] is set: the edges between kept and dropped patches. */
export function outlinePatches(g: CanvasRenderingContext2D, grid: number, size: number, keep: ArrayLike<number>, colour = '#fff', width = 2) {
  const s = size / grid;
  const at = (x: number, y: number) => (x >= 0 && y >= 0 && x < grid && y < grid ? keep[y * grid + x] : 0);
  g.strokeStyle = colour;
  g.lineWidth = width;
  g.beginPath();
  for (let y = 0; y < grid; y++) {
    for (let x = 0; x < grid; x++) {
      if (!at(x, y)) continue;
      if (!at(x - 1, y)) (g.moveTo(x * s, y * s), g.lineTo(x * s, (y + 1) * s));
      if (!at(x + 1, y)) (g.moveTo((x + 1) * s, y * s), g.lineTo((x + 1) * s, (y + 1) * s));
      if (!at(x, y - 1)) (g.moveTo(x * s, y * s), g.lineTo((x + 1) * s, y * s));
      if (!at(x, y + 1)) (g.moveTo(x * s, (y + 1) * s), g.lineTo((x + 1) * s, (y + 1) * s));
    }
  }
  g.stroke();
}
