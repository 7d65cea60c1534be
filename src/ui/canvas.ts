/** Size a canvas for the screen's pixel density and return its context, drawing in CSS pixels. */
export function hiDpiContext(c: HTMLCanvasElement, width: number, height = width): CanvasRenderingContext2D {
  const dpr = window.devicePixelRatio || 1;
  c.width = width * dpr;
  c.height = height * dpr;
  const g = c.getContext('2d')!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  return g;
}
