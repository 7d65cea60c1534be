// iBOT's patch loss taken apart on a few held-out images: what the student sees (blocks of
// patches replaced by the mask token), what the teacher says about every patch of the whole image
// (its top prototype, as a colour), what the student guesses at the hidden patches, and the
// cross-entropy there. The masks here are for looking only: a slider sets their ratio and a button
// draws new ones; training draws its own.
import { useEffect, useRef } from 'react';
import { setMaskView, watch } from '../../bridge/client';
import { useLab } from '../../store/lab';
import { fmt } from '../format';
import { hiDpiContext } from '../canvas';
import { drawImage, drawPatches, outlinePatches, prototypeColour } from './patchDraw';
import { Readout } from './Readout';
import { useRun } from './run';
import { FigureTools } from './FigureTools';

const CELL = 84;

type Kind = 'student' | 'teacher' | 'guess' | 'loss';

function Panel({ kind, rgba, grid, mask, teacher, student, loss, lossMax }: { lossMax: number; kind: Kind; rgba: Uint8ClampedArray; grid: number; mask: Uint8Array; teacher: Int32Array; student: Int32Array; loss: Float32Array }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = hiDpiContext(c, CELL);
    g.clearRect(0, 0, CELL, CELL);
    if (kind === 'student') {
      drawImage(g, rgba, CELL);
      drawPatches(g, grid, CELL, (i) => (mask[i] ? '#5a6170' : null));
    } else if (kind === 'teacher') {
      drawPatches(g, grid, CELL, (i) => prototypeColour(teacher[i]));
    } else if (kind === 'guess') {
      drawImage(g, rgba, CELL, 0.35);
      drawPatches(g, grid, CELL, (i) => (mask[i] ? prototypeColour(student[i]) : null));
      // a white dot where the guess is the teacher's top prototype
      const s = CELL / grid;
      g.fillStyle = '#fff';
      for (let i = 0; i < grid * grid; i++) if (mask[i] && student[i] === teacher[i]) (g.beginPath(), g.arc((i % grid + 0.5) * s, (Math.floor(i / grid) + 0.5) * s, s / 6, 0, 2 * Math.PI), g.fill());
    } else {
      drawImage(g, rgba, CELL, 0.35);
      drawPatches(g, grid, CELL, (i) => (mask[i] ? `rgba(178, 24, 43, ${Math.min(1, loss[i] / lossMax).toFixed(3)})` : null));
    }
    // the hidden blocks' outline in every panel, so the four line up at a glance
    outlinePatches(g, grid, CELL, mask, kind === 'teacher' ? '#111' : '#fff', 1.5);
  }, [kind, rgba, grid, mask, teacher, student, loss, lossMax]);
  return <canvas ref={ref} style={{ width: CELL, height: CELL }} aria-hidden="true" />;
}

const COLUMNS: { kind: Kind; title: string }[] = [
  { kind: 'student', title: 'What the student sees' },
  { kind: 'teacher', title: 'Teacher’s target per patch (whole image)' },
  { kind: 'guess', title: 'Student’s guess at hidden patches' },
  { kind: 'loss', title: 'Loss per hidden patch' },
];

export function MaskedPatches({ images = 4 }: { images?: number }) {
  const m = useRun((r) => r.masked);
  const view = useLab((s) => s.maskView);
  useEffect(() => watch('masked'), []);
  const controls = (
    <div className="derivation-controls masked-controls">
      <label>
        Mask ratio <output data-testid="mask-ratio">{Math.round(view.ratio * 100)}%</output>
        <input
          type="range"
          min={0.1}
          max={0.8}
          step={0.05}
          value={view.ratio}
          aria-label="Mask ratio of the inspected images"
          aria-valuetext={`${Math.round(view.ratio * 100)}% of the patches hidden`}
          onChange={(e) => setMaskView({ ratio: Number(e.target.value), seed: view.seed })}
        />
      </label>
      <button className="btn" data-action="resample-mask" onClick={() => setMaskView({ ratio: view.ratio, seed: view.seed + 1 })}>
        Resample mask
      </button>
    </div>
  );
  if (!m) return <figure className="masked-patches">{controls}<p className="sweep-note">The masked patches appear for iBOT and DINOv2 runs.</p></figure>;
  const p = m.grid * m.grid;
  const n = Math.min(images, m.n);
  const hidden = Array.from({ length: n }, (_, i) => m.masks.subarray(i * p, (i + 1) * p).reduce((a, b) => a + b, 0));
  return (
    <figure className="masked-patches" data-step={m.step} data-ratio={m.ratio} data-masked={hidden.reduce((a, b) => a + b, 0)} data-masks={Array.from(m.masks.subarray(0, n * p)).join('')}>
      {controls}
      <table tabIndex={0} className="masked-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.kind} scope="col">
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: n }, (_, i) => {
            const slice = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(i * p, (i + 1) * p);
            return (
              <tr key={i} data-hidden={hidden[i]}>
                {COLUMNS.map((c) => (
                  <td key={c.kind}>
                    <Panel kind={c.kind} rgba={m.rgba.subarray(i * 4096, (i + 1) * 4096)} grid={m.grid} mask={slice(m.masks)} teacher={slice(m.teacherTop)} student={slice(m.studentTop)} loss={slice(m.loss)} lossMax={Math.log(m.k)} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="readouts">
        <Readout metric="maskedLoss" label="Loss at hidden patches" value={fmt.fixed(m.maskedLoss, 3)} hint={`Mean H(teacher, student) over the hidden patches of these ${m.n} images; log K = ${Math.log(m.k).toFixed(2)} for a uniform student.`} />
        <Readout metric="agreement" label="Guessed the teacher’s top prototype" value={fmt.pct(m.agreement)} hint={`Share of hidden patches where the student's top prototype is the teacher's (chance 1/K = ${(100 / m.k).toFixed(1)}%).`} />
      </div>
      <figcaption>
        Step {m.step}. {fmt.pct(m.maskedShare)} of the patches of {m.n} held-out images hidden in blocks (these masks are for looking; training draws its own, at a ratio from “Mask ratio min” to
        “max” on half the crops). Colours are prototypes: the same colour in the teacher’s and the student’s panel is the same prototype, and a white dot marks a hidden patch where the student’s
        top guess is the teacher’s. Red: the patch loss, from 0 to log K = {Math.log(m.k).toFixed(2)} nats (a uniform guess) and above.
        <FigureTools name="the masked patches" />
      </figcaption>
    </figure>
  );
}
