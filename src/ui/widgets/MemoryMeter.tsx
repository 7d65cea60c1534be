// A run's memory and compute: the bytes its model and its state (MoCo's queue) hold on the backend,
// the most one training step adds on top (activations, gradients), and its time per step — from a
// profiled training step every few steps. With a queue, the queue as a ring coloured by key age.
import { useEffect } from 'react';
import { watch } from '../../bridge/client';
import { fmt } from '../format';
import { Readout } from './Readout';
import { useRun } from './run';

const mb = (b: number | undefined) => (b === undefined ? '—' : `${(b / 1e6).toFixed(2)} MB`);

function QueueRing({ size, ptr, filled, batch }: { size: number; ptr: number; filled: number; batch: number }) {
  // one arc per batch of keys (size / batch of them), coloured by how many steps ago it was written
  const slots = Math.round(size / batch);
  const R = 70;
  const r = 48;
  const arc = (i: number) => {
    const a0 = (2 * Math.PI * i) / slots - Math.PI / 2;
    const a1 = (2 * Math.PI * (i + 1)) / slots - Math.PI / 2;
    const p = (rad: number, a: number) => `${(rad * Math.cos(a)).toFixed(2)},${(rad * Math.sin(a)).toFixed(2)}`;
    const large = a1 - a0 > Math.PI ? 1 : 0;
    return `M${p(R, a0)} A${R},${R} 0 ${large} 1 ${p(R, a1)} L${p(r, a1)} A${r},${r} 0 ${large} 0 ${p(r, a0)} Z`;
  };
  const head = Math.round(ptr / batch);
  const real = Math.round(filled / batch);
  return (
    <svg viewBox="-80 -80 160 160" width={150} height={150} role="img" aria-label={`Queue of ${size} keys: ${filled} real, the next batch goes to slot ${head + 1} of ${slots}`} className="queue-ring">
      {Array.from({ length: slots }, (_, i) => {
        // batches ago this slot was written (0 = the newest)
        const age = (head - 1 - i + slots) % slots;
        const isReal = age < real;
        const t = isReal ? age / Math.max(1, slots - 1) : 1;
        return <path key={i} d={arc(i)} fill={isReal ? `hsl(${210 - 170 * t}, 70%, ${45 + 20 * t}%)` : '#e6e8ef'} stroke="#fff" strokeWidth={slots > 64 ? 0 : 0.5} />;
      })}
      <text x={0} y={-4} textAnchor="middle" fontSize={12} fill="#333">
        {size.toLocaleString('en')} keys
      </text>
      <text x={0} y={12} textAnchor="middle" fontSize={10} fill="#666">
        newest blue, oldest red
      </text>
    </svg>
  );
}

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
