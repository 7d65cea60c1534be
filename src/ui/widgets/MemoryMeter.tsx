// A run's memory and compute: the bytes its model and its state (MoCo's queue) hold on the backend,
// the most one training step adds on top (activations, gradients), and its time per step — from a
// profiled training step every few steps. With a queue, the queue as a ring coloured by key age.
import { useEffect, useRef } from 'react';
import { hiDpiContext } from '../canvas';
import { watch } from '../../bridge/client';
import { fmt } from '../format';
import { Readout } from './Readout';
import { useRun } from './run';

const mb = (b: number | undefined) => (b === undefined ? '—' : `${(b / 1e6).toFixed(2)} MB`);

/** Colour of a slot written `age` batches ago, of `slots`; null where it still holds its random start. */
function slotColor(age: number, real: number, slots: number): string {
  if (age >= real) return '#e6e8ef';
  const t = age / Math.max(1, slots - 1);
  return `hsl(${210 - 170 * t}, 70%, ${45 + 20 * t}%)`;
}

function QueueRing({ size, ptr, filled, batch }: { size: number; ptr: number; filled: number; batch: number }) {
  // one arc per batch of keys (size / batch of them), coloured by how many steps ago it was written;
  // a canvas, as 128 SVG paths cost the page a 50 ms task when the ring first appeared
  const slots = Math.round(size / batch);
  const head = Math.round(ptr / batch);
  const real = Math.round(filled / batch);
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const g = ref.current && hiDpiContext(ref.current, SIDE);
    if (!g) return;
    const [R, r, c] = [70 * (SIDE / 160), 48 * (SIDE / 160), SIDE / 2];
    g.clearRect(0, 0, SIDE, SIDE);
    for (let i = 0; i < slots; i++) {
      const a0 = (2 * Math.PI * i) / slots - Math.PI / 2;
      const a1 = (2 * Math.PI * (i + 1)) / slots - Math.PI / 2;
      g.beginPath();
      g.arc(c, c, R, a0, a1);
      g.arc(c, c, r, a1, a0, true);
      g.closePath();
      g.fillStyle = slotColor((head - 1 - i + slots) % slots, real, slots);
      g.fill();
      if (slots <= 64) {
        g.strokeStyle = '#fff';
        g.lineWidth = 0.5;
        g.stroke();
      }
    }
    g.textAlign = 'center';
    g.fillStyle = '#333';
    g.font = '12px system-ui, sans-serif';
    g.fillText(`${size.toLocaleString('en')} keys`, c, c - 2);
    g.fillStyle = '#666';
    g.font = '9px system-ui, sans-serif';
    g.fillText('newest blue, oldest red', c, c + 13);
  }, [slots, head, real, size]);
  return (
    <canvas
      ref={ref}
      style={{ width: SIDE, height: SIDE }}
      className="queue-ring"
      role="img"
      aria-label={`Queue of ${size} keys: ${filled} real, the next batch goes to slot ${head + 1} of ${slots}`}
      data-slots={slots}
      data-real={Math.min(real, slots)}
    />
  );
}
const SIDE = 150;

export function MemoryMeter() {
  const m = useRun((r) => r.memory);
  const peak = useRun((r) => r.peakBytes);
  useEffect(() => watch('runMemory'), []);
  return (
    <figure className="memory-meter" data-step={m?.step ?? -1}>
      <div className="readouts">
        <Readout metric="modelBytes" label="Weights" value={mb(m?.modelBytes)} hint="The model's weights on the backend, momentum copies included." />
        <Readout metric="stateBytes" label={m?.queue ? 'Queue' : 'State'} value={mb(m?.stateBytes)} hint="What the method keeps between steps: MoCo's queue of keys (K × d floats); nothing for SimCLR." />
        <Readout metric="stepPeak" label="Step peak" value={mb(peak)} hint="The most one training step held above what was allocated before it (activations and gradients), the largest seen so far." />
        <Readout metric="stepMs" label="ms / step" value={fmt.int(m?.stepMs)} hint="Time of the last profiled step." />
        {m?.queue && <Readout metric="queueKeys" label="Real keys" value={`${m.queue.filled.toLocaleString('en')}`} hint="Keys written so far; the rest of the queue still holds its random start." />}
      </div>
      {m?.queue && <QueueRing {...m.queue} />}
      <figcaption>
        {m ? `Measured on a profiled training step (step ${m.step}).` : 'Appears after the first training step.'}
        {m?.queue ? ` The ring is the queue, one segment per batch of ${m.queue.batch} keys; the next batch replaces the oldest.` : ''}
      </figcaption>
    </figure>
  );
}
