// Controls generated from the schema: a parameter gets its widget, range, scale and help from
// one table. Live parameters change the running model on its next step; the others rebuild it.
import { PARAM_NAMES, SCHEMA, type Group, type NumberParam, type ParamName } from '../../config/schema';
import { useLab } from '../../store/lab';
import { setParam } from '../../bridge/client';
import { fmt } from '../format';

const GROUP_TITLES: Record<Group, string> = {
  data: 'Data', optimisation: 'Optimisation', model: 'Model', method: 'Method', augmentation: 'Augmentations', evaluation: 'Evaluation',
};

const SLIDER_STEPS = 100; // log sliders: each step ×(max/min)^(1/100), e.g. ≈ ×1.05 for τ
/**
 * A slider that moves in whole steps of its own (log sliders, and real-valued ones without a step
 * of their own): a native float step such as (0.9999 − 0)/100 leaves the top of the range out of
 * reach of the keyboard, since min + 100 steps lands a rounding error above max.
 */
const indexed = (p: NumberParam) => p.log || (p.type !== 'int' && p.step === undefined);
function toSlider(p: NumberParam, v: number): number {
  if (p.log) return (Math.log(v / p.min) / Math.log(p.max / p.min)) * SLIDER_STEPS;
  if (indexed(p)) return Math.round(((v - p.min) / (p.max - p.min)) * SLIDER_STEPS);
  return v;
}
function fromSlider(p: NumberParam, s: number): number {
  if (p.log) {
    const v = p.min * Math.pow(p.max / p.min, s / SLIDER_STEPS);
    return +v.toPrecision(3);
  }
  if (indexed(p)) return +(p.min + (s / SLIDER_STEPS) * (p.max - p.min)).toPrecision(4);
  return p.type === 'int' ? Math.round(s) : +s.toPrecision(4);
}

export function Control({ name }: { name: ParamName }) {
  const p = SCHEMA[name];
  const value = useLab((s) => s.experiment.config[name]);
  const method = useLab((s) => s.experiment.method);
  const sweep = useLab((s) => s.experiment.sweep);
  // a setting that a compared run sets for itself is that run's, not the page's
  const pinnedByRun = useLab((s) => {
    const variants = s.lessons.find((l) => l.id === s.experiment.lesson)?.variants ?? [];
    return (s.experiment.compare ?? []).some((id) => variants.find((v) => v.id === id && v.patch[name] !== undefined));
  });
  if (p.methods && !p.methods.includes(method)) return null;
  const id = `ctl-${name}`;
  if (sweep?.param === name || pinnedByRun) {
    return (
      <div className="control" title={p.help} data-param={name}>
        <label>
          {p.label} <output className="control-value">{sweep?.param === name ? sweep.values.map(String).join(' · ') : 'per run'}</output>
        </label>
        <span className="control-note">{sweep?.param === name ? 'One value per run of the sweep.' : 'Set by the compared runs themselves (see their panels).'}</span>
      </div>
    );
  }
  const tag = p.live ? null : <span className="tag" title="Changing this starts a new model">new model</span>;
  if (p.type === 'bool') {
    return (
      <label className="control control-bool" title={p.help} data-param={name}>
        <input id={id} type="checkbox" checked={Boolean(value)} onChange={(e) => setParam(name, e.target.checked)} />
        <span>{p.label}</span> {tag}
      </label>
    );
  }
  if (p.type === 'enum') {
    return (
      <div className="control" title={p.help} data-param={name}>
        <label htmlFor={id}>
          {p.label} {tag}
        </label>
        <select id={id} value={String(value)} onChange={(e) => setParam(name, e.target.value)}>
          {p.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const v = Number(value);
  const big = p.max > 5000; // seeds and budgets: a number box, not a slider
  return (
    <div className="control" title={p.help} data-param={name}>
      <label htmlFor={id}>
        {p.label} <output className="control-value">{p.log ? fmt.sci(v) : String(v)}</output> {tag}
      </label>
      {big ? (
        <input id={id} type="number" min={p.min} max={p.max} step={p.step ?? 1} value={v} onChange={(e) => e.target.value !== '' && setParam(name, Number(e.target.value))} />
      ) : (
        <input
          id={id}
          type="range"
          min={indexed(p) ? 0 : p.min}
          max={indexed(p) ? SLIDER_STEPS : p.max}
          step={indexed(p) ? 1 : (p.step ?? 1)}
          value={toSlider(p, v)}
          aria-valuetext={String(v)}
          onChange={(e) => setParam(name, fromSlider(p, Number(e.target.value)))}
        />
      )}
    </div>
  );
}

/** All the schema's parameters (or the ones named), grouped; `hide=` in the URL removes some. */
export function ControlPanel({ params, open = ['method', 'optimisation'] }: { params?: ParamName[]; open?: Group[] }) {
  const hide = useLab((s) => s.experiment.hide);
  const names = (params ?? PARAM_NAMES).filter((n) => !hide.includes(n));
  const groups = [...new Set(names.map((n) => SCHEMA[n].group))];
  return (
    <div className="control-panel">
      {groups.map((g) => (
        <details key={g} open={open.includes(g)}>
          <summary>{GROUP_TITLES[g]}</summary>
          {names
            .filter((n) => SCHEMA[n].group === g)
            .map((n) => (
              <Control key={n} name={n} />
            ))}
        </details>
      ))}
    </div>
  );
}
