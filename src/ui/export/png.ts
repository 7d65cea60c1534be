// A figure as a PNG at twice its size on screen, with its caption under it: every canvas and SVG
// inside the figure drawn where it sits (SVG redrawn at 2×, so lines stay sharp; canvases scaled
// without smoothing, so pixels stay pixels), on white. Text the page lays out in HTML beside them
// (a legend, labels) is not drawn; the caption is.
const CAPTION_PX = 13;

function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}

function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const r = svg.getBoundingClientRect();
  copy.setAttribute('width', String(r.width));
  copy.setAttribute('height', String(r.height));
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the figure’s SVG could not be drawn'));
    img.src = url;
  });
}

/** The caption's words, without the export buttons inside it. */
export function captionOf(figure: HTMLElement): string {
  const cap = figure.querySelector('figcaption')?.cloneNode(true) as HTMLElement | undefined;
  if (!cap) return figure.getAttribute('aria-label') ?? '';
  cap.querySelectorAll('[data-export-ignore]').forEach((e) => e.remove());
  cap.querySelectorAll('*').forEach((e) => e.append(' ')); // (a legend's items are words apart)
  return (cap.textContent ?? '').replace(/\s+/g, ' ').replace(/ ([.,;:)])/g, '$1').trim();
}

export async function figurePng(figure: HTMLElement, scale = 2): Promise<Blob> {
  const parts = [...figure.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg')].filter((e) => !e.closest('[data-export-ignore]') && !(e instanceof SVGSVGElement && e.ownerSVGElement) && e.getBoundingClientRect().width > 0);
  if (!parts.length) throw new Error('this figure has nothing drawn yet');
  // the drawing's own box (the caption on screen is HTML, written again under it)
  const rects = parts.map((e) => e.getBoundingClientRect());
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const box = { left, top, width: Math.max(...rects.map((r) => r.right)) - left, height: Math.max(...rects.map((r) => r.bottom)) - top };
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = `${CAPTION_PX * scale}px system-ui, sans-serif`;
  const lines = wrap(measure, captionOf(figure), (box.width - 8) * scale);
  const captionH = lines.length ? (lines.length * CAPTION_PX * 1.35 + 10) * scale : 0;
  const out = document.createElement('canvas');
  out.width = Math.ceil(box.width * scale);
  out.height = Math.ceil(box.height * scale + captionH);
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.imageSmoothingEnabled = false;
  for (const [i, el] of parts.entries()) {
    const r = rects[i];
    if (!r.height) continue;
    const src = el instanceof HTMLCanvasElement ? el : await svgImage(el);
    ctx.drawImage(src, (r.left - box.left) * scale, (r.top - box.top) * scale, r.width * scale, r.height * scale);
  }
  ctx.fillStyle = '#222';
  ctx.font = measure.font;
  lines.forEach((l, i) => ctx.fillText(l, 4 * scale, box.height * scale + (i + 1) * CAPTION_PX * 1.35 * scale));
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}
