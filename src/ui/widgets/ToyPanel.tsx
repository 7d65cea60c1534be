// Where the loss drives the points when nothing else limits them: 48 images whose two views'
// embeddings are free parameters on the circle, all starting in one arc (as an untrained
// encoder's outputs do), trained by NT-Xent at several temperatures side by side. Plain
// arithmetic on 96 numbers per run (no tfjs), in short slices per animation frame.
import { useEffect, useRef, useState } from 'react';
import { createToy, toyGeometry, toySteps, type ToyState } from '../../engine/toy/ntxentToy';
import { fmt, RUN_COLORS } from '../format';
import { hiDpiContext } from '../canvas';

const TAUS = [0.05, 0.2, 1];
const LR = 2;
const PER_FRAME = 16;
const HORIZON = 4000;

function ToyCircle({ s, color, size = 150 }: { s: ToyState; color: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = hiDpiContext(c, size);
    g.clearRect(0, 0, size, size);
    const R = size * 0.4;
    g.strokeStyle = '#c9ccd6';
    g.beginPath();
    g.arc(size / 2, size / 2, R, 0, 2 * Math.PI);
    g.stroke();
    g.fillStyle = g.strokeStyle = color;
    for (let i = 0; i < s.n; i++) {
      const p = [0, 1].map((v) => [size / 2 + R * s.u[(2 * i + v) * 2], size / 2 - R * s.u[(2 * i + v) * 2 + 1]]);
      g.beginPath();
      g.moveTo(p[0][0], p[0][1]);
      g.lineTo(p[1][0], p[1][1]);
      g.stroke();
      for (const [x, y] of p) {
        g.beginPath();
        g.arc(x, y, 2.4, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }, [s, color, size]);
  return <canvas ref={ref} style={{ width: size, height: size }} aria-hidden="true" />;
}

export function ToyPanel() {
  const [states, setStates] = useState<ToyState[]>(() => TAUS.map(() => createToy()));
  const [running, setRunning] = useState(false);
  useEffect(() => {
    if (!running) return;
    // reduced motion: the end state at once, not an animation of the steps to it
    if (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches) {
      setStates((prev) => prev.map((s, i) => toySteps(s, TAUS[i], LR, Math.max(0, HORIZON - s.step))));
      setRunning(false);
      return;
    }
    let id = 0;
    const frame = () => {
      let done = false;
      setStates((prev) => {
        const next = prev.map((s, i) => toySteps(s, TAUS[i], LR, PER_FRAME));
        done = next[0].step >= HORIZON;
        return next;
      });
      if (done) setRunning(false);
      else id = requestAnimationFrame(frame);
    };
    id = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(id);
  }, [running]);
  const step = states[0].step;
  return (
    <figure className="toy" aria-label="NT-Xent with free embeddings">
      <div className="transport">
        <button className="btn primary" data-action="toy-run" onClick={() => setRunning((r) => !r)} disabled={step >= HORIZON}>
          {running ? '❚❚ Pause' : step >= HORIZON ? 'Done' : '▶ Run the toy'}
        </button>
        <button
          className="btn"
          data-action="toy-reset"
          onClick={() => {
            setRunning(false);
            setStates(TAUS.map(() => createToy()));
          }}
        >
          ↺ Start again
        </button>
        <span className="status">
          step <span data-toy-step>{step}</span> / {HORIZON}
        </span>
      </div>
      <div className="run-grid">
        {states.map((s, i) => {
          const g = toyGeometry(s);
          return (
            <div key={TAUS[i]} className="run-panel" data-toy-tau={TAUS[i]} style={{ borderColor: RUN_COLORS[i] }}>
              <h3 className="run-title">
                <i className="swatch" style={{ background: RUN_COLORS[i] }} aria-hidden="true" />τ = {TAUS[i]}
              </h3>
              <ToyCircle s={s} color={RUN_COLORS[i]} />
              <div className="toy-numbers">
                uniformity <strong data-toy-uniformity>{fmt.fixed(g.uniformity, 3)}</strong>
                <br />
                alignment <strong>{fmt.fixed(g.alignment, 4)}</strong>
              </div>
            </div>
          );
        })}
      </div>
      <figcaption>
        48 images, two views each; every view’s embedding is a free parameter, starting inside one arc. Each step moves the points by the NT-Xent gradient (scaled by τ, so that every
        temperature moves the points at the same pace). Evenly spaced, 48 points score a uniformity of −1.660.
      </figcaption>
    </figure>
  );
}
