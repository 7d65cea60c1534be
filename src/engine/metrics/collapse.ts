// When does a run count as collapsed? Two gauges, two ways to fail (SimSiam §4.1; Garrido et al.):
// the std of the normalised outputs falls towards 0 when every image maps to one point; RankMe falls
// when the outputs squeeze into a few directions while each one keeps its spread (dimensional
// collapse, which the std misses). A run is called collapsed at the first report from which either
// gauge stays below its line for `hold` reports in a row.

/** std below this share of the healthy 1/√d */
export const STD_LINE = 0.3;
/** RankMe below this share of the run's first report (the untrained model) */
export const RANK_LINE = 0.3;

/** The std of ℓ2-normalised outputs spread evenly over d dimensions: the gauges' healthy line. */
export const healthyStd = (d: number) => 1 / Math.sqrt(d);

/** What the rule reads from each report. */
export interface GaugePoint {
  step: number;
  std: number;
  rankme: number;
}

export interface CollapseVerdict {
  step: number;
  kind: 'point' | 'dimensions';
}

export function collapseStep(trail: readonly GaugePoint[], d: number, hold = 3): CollapseVerdict | null {
  if (trail.length < hold + 1) return null;
  const stdLine = STD_LINE * healthyStd(d);
  const rankLine = RANK_LINE * trail[0].rankme;
  const kind = (t: GaugePoint): CollapseVerdict['kind'] | null => (t.std < stdLine ? 'point' : t.rankme < rankLine ? 'dimensions' : null);
  for (let i = 1; i + hold <= trail.length; i++) {
    const k = kind(trail[i]);
    if (!k) continue;
    if (trail.slice(i, i + hold).every((t) => kind(t) !== null)) return { step: trail[i].step, kind: k };
  }
  return null;
}
