// How live numbers are written, in readouts and captions alike (so text never disagrees).
export const fmt = {
  int: (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : String(Math.round(v))),
  fixed: (v: number | undefined, d = 3) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(d)),
  pct: (v: number | undefined, d = 1) => (v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(d)}%`),
  sci: (v: number) => (v === 0 ? '0' : Math.abs(v) < 0.01 || Math.abs(v) >= 1000 ? v.toExponential(1) : String(+v.toPrecision(3))),
  bytes: (v: number | undefined) => (v === undefined ? '—' : v > 1e6 ? `${(v / 1e6).toFixed(1)} MB` : `${(v / 1e3).toFixed(0)} kB`),
};

/** Tableau 10: distinct on a projector and for the common colour-vision deficiencies. */
export const CLASS_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** One colour per run of a sweep (ColorBrewer Dark2: distinct from the class colours' role). */
export const RUN_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#a6761d'];
