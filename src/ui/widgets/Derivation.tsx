// NT-Xent's gradient, worked out with numbers you can move: one anchor, its positive at similarity
// s₊ and 2N − 2 negatives (a fixed bell of similarities around 0, as random directions in a wide
// space are). No training: the arithmetic of one row of the loss.
import { useEffect, useMemo, useRef, useState } from 'react';
import { gradientSplit, syntheticNegatives } from '../contrast';
import { fmt } from '../format';

// KaTeX's runtime (70 kB gzip) loads when a formula nears the screen, not with the lesson's first
// paint; until then a formula shows as its source
let katex: typeof import('katex').default | null = null;
let loading: Promise<unknown> | null = null;

function TeX({ children, display = false }: { children: string; display?: boolean }) {
  const [ready, setReady] = useState(katex !== null);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (ready || !ref.current) return;
    const seen = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        seen.disconnect();
        void (loading ??= import('katex').then((m) => (katex = m.default))).then(() => setReady(true));
      },
      { rootMargin: '800px' },
    );
    seen.observe(ref.current);
    return () => seen.disconnect();
  }, [ready]);
  const html = useMemo(() => (ready && katex ? katex.renderToString(children, { displayMode: display, throwOnError: false }) : null), [children, display, ready]);
  const cls = display ? 'tex-display' : 'tex';
  return html ? <span className={cls} dangerouslySetInnerHTML={{ __html: html }} /> : <span ref={ref} className={cls}>{children}</span>;
}

const BARS = 48;

export function Derivation() {
  const [logTau, setLogTau] = useState(Math.log10(0.1));
  const [logN, setLogN] = useState(7); // N = 2^7 = 128
  const [sPos, setSPos] = useState(0.8);
  const tau = +Math.pow(10, logTau).toPrecision(2);
  const N = Math.round(Math.pow(2, logN));
  const negs = useMemo(() => syntheticNegatives(2 * N - 2), [N]);
  const g = useMemo(() => gradientSplit(negs, sPos, tau), [negs, sPos, tau]);
  const chance = Math.log(2 * N - 1);
  const best = Math.log(1 + (2 * N - 2) * Math.exp(-2 / tau));
  const top1 = Math.max(1, Math.round((2 * N - 2) / 100));
  const shown = Array.from(g.weights.subarray(0, BARS));
  const maxW = Math.max(g.pPos, ...shown);
  const w = 560;
  const h = 150;
  const bw = (w - 40) / (BARS + 1);
  return (
    <figure className="derivation" aria-label="How the NT-Xent gradient splits among negatives">
      <div className="derivation-controls">
        <label>
          Temperature τ <output data-testid="deriv-tau">{fmt.sci(tau)}</output>
          <input type="range" min={-2} max={0.3} step={0.05} value={logTau} onChange={(e) => setLogTau(Number(e.target.value))} aria-valuetext={String(tau)} />
        </label>
        <label>
          Batch N <output>{N}</output> ({2 * N - 2} negatives)
          <input type="range" min={2} max={10} step={1} value={logN} onChange={(e) => setLogN(Number(e.target.value))} aria-valuetext={String(N)} />
        </label>
        <label>
          Positive’s similarity s₊ <output>{sPos.toFixed(2)}</output>
          <input type="range" min={-0.2} max={1} step={0.01} value={sPos} onChange={(e) => setSPos(Number(e.target.value))} aria-valuetext={sPos.toFixed(2)} />
        </label>
      </div>
      <TeX display>{String.raw`\ell = -\log p_+,\qquad p_k = \frac{e^{s_k/\tau}}{e^{s_+/\tau} + \sum_{j} e^{s_j/\tau}},\qquad \frac{\partial \ell}{\partial s_k} = \frac{p_k}{\tau},\qquad \frac{\partial \ell}{\partial s_+} = -\frac{1 - p_+}{\tau}`}</TeX>
      <svg viewBox={`0 0 ${w} ${h + 24}`} width="100%" role="img" aria-label={`Softmax weights: positive ${g.pPos.toFixed(3)}, then the ${BARS} hardest negatives`}>
        <rect x={4} y={h - (g.pPos / maxW) * h} width={bw * 1.4} height={(g.pPos / maxW) * h} fill="#2ca02c" />
        {shown.map((v, k) => (
          <rect key={k} x={30 + (k + 0.5) * bw} y={h - (v / maxW) * h} width={bw * 0.8} height={(v / maxW) * h} fill="#b2182b" />
        ))}
        <text x={4} y={h + 16} fontSize={11}>
          p₊
        </text>
        <text x={30 + bw} y={h + 16} fontSize={11}>
          the {BARS} hardest negatives, most similar first (of {2 * N - 2})
        </text>
      </svg>
      <figcaption>
        At τ = {fmt.sci(tau)} the positive gets p₊ = {fmt.fixed(g.pPos, 3)}, so this anchor’s loss is ℓ = {fmt.fixed(g.loss, 3)}. The push away from the negatives is shared as if by{' '}
        <strong data-testid="deriv-effective">{g.effective < 10 ? g.effective.toFixed(1) : Math.round(g.effective)}</strong> of the {2 * N - 2} equally; the hardest {top1} ({top1 === 1 ? 'the single closest' : 'the closest 1%'}) take{' '}
        <strong data-testid="deriv-top">{fmt.pct(g.topShare(top1))}</strong> of it. Lower τ and the hardest negatives take nearly all of it; raise τ and every negative pushes about equally.
        <br />
        Chance level — the loss when the positive looks like any negative — is <TeX>{String.raw`\log(2N-1) = ${chance.toFixed(2)}`}</TeX>. Even a perfect embedding (s₊ = 1, every negative opposite at −1) cannot go below{' '}
        <TeX>{String.raw`\log\!\big(1 + (2N-2)\,e^{-2/\tau}\big) = ${best < 0.001 ? best.toExponential(1) : best.toFixed(3)}`}</TeX>: both rise with the number of negatives, so losses at different batch sizes are not comparable.
      </figcaption>
    </figure>
  );
}
