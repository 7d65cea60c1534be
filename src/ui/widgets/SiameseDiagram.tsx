// BYOL and SimSiam as a data-flow diagram of the focused run: online encoder → projector →
// predictor; target (an EMA copy for BYOL, the same weights for SimSiam) → projector; the stop-
// gradient; the EMA. Its settings cut edges: no predictor, τ = 0, no stop-gradient, no BatchNorm.
// "Explain one step" walks through one update in numbered sub-steps (after GAN Lab's slow motion),
// with the run's own numbers, and its last sub-step trains exactly one step.
import { useState, type ReactNode } from 'react';
import { cosineMomentum } from '../../engine/schedules';
import { useLab } from '../../store/lab';
import { pause, stepOnce } from '../../bridge/client';
import { fmt } from '../format';
import { useRun, useRunConfig, useRunMethod } from './run';

type Part = 'views' | 'online' | 'predictor' | 'target' | 'loss' | 'grad' | 'ema';

interface SubStep {
  title: string;
  lit: Part[];
  text: ReactNode;
}

function Box({ x, y, w = 104, h = 40, label, sub, lit, off, part }: { x: number; y: number; w?: number; h?: number; label: string; sub?: string; lit: boolean; off?: boolean; part: string }) {
  return (
    <g className={`node${lit ? ' lit' : ''}${off ? ' off' : ''}`} data-part={part}>
      <rect x={x} y={y} width={w} height={h} rx={7} />
      <text x={x + w / 2} y={y + (sub ? 17 : 25)} textAnchor="middle" className="node-label">
        {label}
      </text>
      {sub && (
        <text x={x + w / 2} y={y + 32} textAnchor="middle" className="node-sub">
          {sub}
        </text>
      )}
    </g>
  );
}

function Arrow({ d, lit, part, grad }: { d: string; lit?: boolean; part: string; grad?: boolean }) {
  return <path d={d} className={`edge${lit ? ' lit' : ''}${grad ? ' grad' : ''}`} data-part={part} markerEnd="url(#arrow)" />;
}

export function SiameseDiagram() {
  const c = useRunConfig();
  const method = useRunMethod();
  const step = useLab((s) => s.step);
  const loss = useRun((r) => r.history[r.history.length - 1]?.loss);
  const lr = useRun((r) => r.history[r.history.length - 1]?.lr);
  const [sub, setSub] = useState<number | null>(null);
  const byol = method === 'byol';
  const predictor = c.predictor;
  const stopGrad = byol || c.stopGrad;
  const tau = byol ? cosineMomentum(c.emaMomentum, step, c.steps) : 0;

  const steps: SubStep[] = [
    { title: 'Two views', lit: ['views'], text: <>Each image of the batch ({c.batchSize} of them) is augmented twice, at random: views v and v′.</> },
    {
      title: 'Online forward',
      lit: ['online', 'predictor'],
      text: <>View v goes through the online encoder and projector{predictor ? ', then the predictor' : ' (no predictor in this run: the projection is compared directly)'}, and the result is normalised.</>,
    },
    {
      title: 'Target forward',
      lit: ['target'],
      text: byol ? (
        <>View v′ goes through the target encoder and projector: a copy of the online ones, updated only by the moving average. No gradient will flow back into it.</>
      ) : (
        <>View v′ goes through the same encoder and projector (SimSiam shares the weights). {stopGrad ? 'Its output is treated as a constant: stop-gradient.' : 'Without stop-gradient, the gradient will flow back through this side too.'}</>
      ),
    },
    {
      title: 'The loss',
      lit: ['loss'],
      text: (
        <>
          {byol ? 'The squared distance between the normalised prediction and the target projection, both ways round (v↔v′)' : 'Minus the cosine similarity of prediction and projection, both ways round'}. This run’s last loss: <strong>{fmt.fixed(loss, 4)}</strong>
          {byol ? ' (0 = perfect agreement, 4 = unrelated).' : ' (−1 = perfect agreement).'}
        </>
      ),
    },
    {
      title: 'The gradient step',
      lit: ['grad', 'online', 'predictor'],
      text: (
        <>
          Gradients reach the online encoder, projector{predictor ? ' and predictor' : ''}
          {stopGrad ? ', and nothing on the target side' : ' — and, without stop-gradient, the target side as well (the same weights)'}. Adam moves them at learning rate {lr === undefined ? '—' : fmt.sci(lr)}.
        </>
      ),
    },
    {
      title: byol ? 'The EMA update' : 'No target to update',
      lit: ['ema'],
      text: byol ? (
        <>
          The target follows the online weights: ξ ← τξ + (1 − τ)θ with τ = <strong>{tau.toFixed(4)}</strong> at step {step} (cosine schedule from {c.emaMomentum} to 1).
          {c.emaMomentum === 0 && ' With τ = 0 the target is just a copy of the online network at every step.'} Next: one real training step.
        </>
      ) : (
        <>SimSiam has no separate target: the next step uses the updated weights on both sides. Next: one real training step.</>
      ),
    },
  ];
  const lit = new Set<Part>(sub === null ? [] : steps[sub].lit);
  const on = (p: Part) => lit.has(p);

  return (
    <figure className="diagram" aria-label={`${byol ? 'BYOL' : 'SimSiam'} as a diagram`}>
      <svg viewBox="0 0 640 250" width="100%" role="img" aria-label={`${byol ? 'BYOL' : 'SimSiam'}: ${predictor ? 'with' : 'without'} predictor, ${stopGrad ? 'with' : 'without'} stop-gradient${byol ? `, EMA τ from ${c.emaMomentum}` : ''}`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#55607a" />
          </marker>
        </defs>
        <Box x={8} y={36} w={70} label="view v" lit={on('views')} part="views" />
        <Box x={8} y={166} w={70} label="view v′" lit={on('views')} part="views" />
        <Box x={110} y={36} label="encoder f" sub="online θ" lit={on('online')} part="online" />
        <Box x={240} y={36} label="projector g" sub={c.batchNorm ? 'with BatchNorm' : 'no BatchNorm'} lit={on('online')} part="online" />
        <Box x={370} y={36} label="predictor q" sub={predictor ? (c.batchNorm ? 'with BatchNorm' : 'no BatchNorm') : 'removed'} lit={on('predictor') && predictor} off={!predictor} part="predictor" />
        <Box x={110} y={166} label="encoder f" sub={byol ? 'target ξ' : 'same θ'} lit={on('target')} part="target" />
        <Box x={240} y={166} label="projector g" sub={byol ? 'target ξ' : 'same θ'} lit={on('target')} part="target" />
        <Box x={520} y={100} w={110} label="loss" sub={byol ? '‖q̂ − ẑ′‖²' : '−cos(q, z′)'} lit={on('loss')} part="loss" />
        <Arrow d="M78 56 H108" part="online" lit={on('online')} />
        <Arrow d="M214 56 H238" part="online" lit={on('online')} />
        <Arrow d={predictor ? 'M344 56 H368' : 'M344 56 C 420 56, 470 96, 518 112'} part="online" lit={on('online')} />
        {predictor && <Arrow d="M474 56 C 500 56, 505 90, 518 110" part="predictor" lit={on('predictor')} />}
        <Arrow d="M78 186 H108" part="target" lit={on('target')} />
        <Arrow d="M214 186 H238" part="target" lit={on('target')} />
        <Arrow d="M344 186 C 430 186, 480 150, 518 130" part="target" lit={on('target')} />
        {stopGrad && (
          <g className="stopgrad" data-part="stopgrad">
            <line x1={430} y1={160} x2={446} y2={182} />
            <line x1={436} y1={158} x2={452} y2={180} />
            <text x={458} y={182} className="node-sub">
              stop-gradient
            </text>
          </g>
        )}
        {/* the gradient's way back */}
        <Arrow d="M520 96 C 470 10, 300 10, 170 32" part="grad" grad lit={on('grad')} />
        {!stopGrad && <Arrow d="M520 140 C 470 240, 300 240, 170 210" part="grad" grad lit={on('grad')} />}
        {byol && (
          <g data-part="ema">
            <Arrow d="M160 78 V164" part="ema" lit={on('ema')} />
            <text x={166} y={126} className={`node-sub${on('ema') ? ' lit-text' : ''}`}>
              EMA τ = {tau.toFixed(3)}
              {c.emaMomentum === 0 ? ' (copy)' : ''}
            </text>
          </g>
        )}
      </svg>
      <div className="explain" data-substep={sub ?? ''}>
        {sub === null ? (
          <button
            className="btn"
            data-action="explain"
            onClick={() => {
              pause();
              setSub(0);
            }}
          >
            ▶ Explain one step
          </button>
        ) : (
          <>
            <ol className="substeps">
              {steps.map((s, i) => (
                <li key={s.title} className={i === sub ? 'current' : i < sub ? 'done' : ''}>
                  {i + 1}. {s.title}
                </li>
              ))}
            </ol>
            <p className="substep-text">
              <strong>
                {sub + 1}. {steps[sub].title}.
              </strong>{' '}
              {steps[sub].text}
            </p>
            <div className="transport">
              <button className="btn" data-action="explain-prev" disabled={sub === 0} onClick={() => setSub(sub - 1)}>
                ← Back
              </button>
              {sub < steps.length - 1 ? (
                <button className="btn primary" data-action="explain-next" onClick={() => setSub(sub + 1)}>
                  Next →
                </button>
              ) : (
                <button
                  className="btn primary"
                  data-action="explain-step"
                  onClick={() => {
                    stepOnce(1);
                    setSub(0);
                  }}
                >
                  Train this step, then start over
                </button>
              )}
              <button className="btn" data-action="explain-close" onClick={() => setSub(null)}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
      <figcaption>
        The focused run ({byol ? 'BYOL' : 'SimSiam'}{predictor ? '' : ', no predictor'}
        {!byol && !stopGrad ? ', no stop-gradient' : ''}
        {byol && c.emaMomentum === 0 ? ', τ = 0' : ''}). Click another run’s panel to see its diagram. Red arrows: where the gradient goes.
      </figcaption>
    </figure>
  );
}
