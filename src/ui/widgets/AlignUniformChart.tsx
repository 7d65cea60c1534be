// Wang & Isola's two numbers as a plane: each evaluation of each run is a point (uniformity, alignment),
// joined in step order, so a run's history is a path and a sweep is a family of paths. Lower-left is
// the goal: views of one image close together, images spread over the sphere.
import { useMemo } from 'react';
import { CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../store/lab';
import { fmt, RUN_COLORS } from '../format';
import { useThrottled } from '../throttle';

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
  return useMemo(
    () => (
      <figure className="chart" aria-label="Alignment against uniformity, per run">
        <figcaption>
          Alignment (mean squared distance between the two views of an image) against uniformity (log of the mean Gaussian potential between images) on held-out images, as the
          run{order.length > 1 ? 's' : ''} train{order.length > 1 ? '' : 's'}. Lower-left is better on both.
          {limit !== undefined && ` Dashed: points spread uniformly over the ${d === 2 ? 'circle' : 'sphere'} (${limit.toFixed(3)}).`}
        </figcaption>
        <ResponsiveContainer width="100%" height={height}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
            <CartesianGrid stroke="#e6e8ef" />
            <XAxis type="number" dataKey="u" name="uniformity" domain={['auto', 0]} tick={{ fontSize: 12 }} label={{ value: 'uniformity →0 = one point', position: 'insideBottom', offset: -8, fontSize: 12 }} />
            <YAxis type="number" dataKey="a" name="alignment" domain={[0, 'auto']} tick={{ fontSize: 12 }} width={44} />
            <Tooltip formatter={(v) => fmt.fixed(Number(v), 3)} />
            {limit !== undefined && <ReferenceLine x={limit} stroke="#999" strokeDasharray="5 4" />}
            {order.length > 1 && <Legend verticalAlign="top" height={24} />}
            {order.map((label, i) => (
              <Scatter
                key={label}
                name={label === 'main' ? 'this run' : label}
                data={(paths[i] ?? []).map((e) => ({ u: e.uniformity, a: e.alignment, step: e.step }))}
                fill={RUN_COLORS[i % RUN_COLORS.length]}
                line={{ stroke: RUN_COLORS[i % RUN_COLORS.length], strokeWidth: 2 }}
                shape={(p: { cx?: number; cy?: number }) => <circle cx={p.cx} cy={p.cy} r={2.5} fill={RUN_COLORS[i % RUN_COLORS.length]} />}
                isAnimationActive={false}
              />
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </figure>
    ),
    [order, paths, limit, d, height],
  );
}
