// Wang & Isola's two numbers as a plane: each evaluation of each run is a point (uniformity, alignment),
// joined in step order, so a run's history is a path and a sweep is a family of paths. Lower-left is
// the goal: views of one image close together, images spread over the sphere.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../store/lab';
import { RUN_COLORS } from '../format';
import { useThrottled } from '../throttle';
import { PathPlaneLite } from './ShapesLite';
import { FigureTools } from './FigureTools';

/** log E exp(−2‖x−y‖²) for x, y uniform on S¹ (methods.md §8) and on S² ((1 − e⁻⁸)/8). */
export const UNIFORM_LIMIT: Record<number, number> = { 2: -1.575, 3: Math.log((1 - Math.exp(-8)) / 8) };

export function AlignUniformChart({ height = 280 }: { height?: number }) {
  const order = useLab(useShallow((s) => s.runOrder));
  // each run's path: its geometry reports while z is drawn on the page, else its evaluations
  const paths = useThrottled(
    useLab(useShallow((s) => order.map((l) => (s.runs[l]?.trail.length ? s.runs[l].trail : s.runs[l]?.evals) ?? []))),
    500,
  );
  const d = useLab((s) => s.experiment.config.embedDim);
  const limit = UNIFORM_LIMIT[d];
  const series = useMemo(
    () => order.map((label, i) => ({ key: label, name: label === 'main' ? 'this run' : label, color: RUN_COLORS[i % RUN_COLORS.length], points: (paths[i] ?? []).map((e) => ({ x: e.uniformity, y: e.alignment, step: e.step })) })),
    [order, paths],
  );
  const xs = [...series.flatMap((s) => s.points.map((p) => p.x)), ...(limit !== undefined ? [limit] : [])];
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const xLo = xs.length ? Math.floor(Math.min(...xs) * 4) / 4 : -2;
  const yHi = ys.length ? Math.max(0.1, Math.ceil(Math.max(...ys) * 10) / 10) : 1;
  return (
    <figure className="chart" aria-label="Alignment against uniformity, per run">
      <figcaption>
        Alignment (mean squared distance between the two views of an image) against uniformity (log of the mean Gaussian potential between images) on held-out images, as the
        run{order.length > 1 ? 's' : ''} train{order.length > 1 ? '' : 's'}. Lower-left is better on both.
        {limit !== undefined && ` Dashed: points spread uniformly over the ${d === 2 ? 'circle' : 'sphere'} (${limit.toFixed(3)}).`}
        <FigureTools name="alignment against uniformity" />
      </figcaption>
      <PathPlaneLite series={series} xDomain={[xLo, 0]} yDomain={[0, yHi]} xRef={limit} xLabel="uniformity (→ 0: all one point)" height={height} label="Alignment against uniformity, per run" />
    </figure>
  );
}
