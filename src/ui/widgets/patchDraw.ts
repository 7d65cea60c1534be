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
