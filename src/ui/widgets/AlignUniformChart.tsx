// Wang & Isola's two numbers as a plane: each evaluation of each run is a point (uniformity, alignment),
// joined in step order, so a run's history is a path and a sweep is a family of paths. Lower-left is
// the goal: views of one image close together, images spread over the sphere.
import { CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useLab } from '../../store/lab';
import { fmt, RUN_COLORS } from '../format';

/** log E exp(−2‖x−y‖²) for x, y uniform on S¹ (methods.md §8) and on S² ((1 − e⁻⁸)/8). */
export const UNIFORM_LIMIT: Record<number, number> = { 2: -1.575, 3: Math.log((1 - Math.exp(-8)) / 8) };

export function AlignUniformChart({ height = 280 }: { height?: number }) {
  const runs = useLab((s) => s.runs);
  const order = useLab((s) => s.runOrder);
  const d = useLab((s) => s.experiment.config.embedDim);
  const limit = UNIFORM_LIMIT[d];
  return (
    <figure className="chart" aria-label="Alignment against uniformity, per run">
      <figcaption>
        Alignment (mean squared distance between the two views of an image) against uniformity (log of the mean Gaussian potential between images), held-out images, at each evaluation. Lower-left is better on both.
        {limit !== undefined && ` Dashed: perfectly uniform on the ${d === 2 ? 'circle' : 'sphere'} (${limit.toFixed(3)}).`}
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
              data={(runs[label]?.evals ?? []).map((e) => ({ u: e.uniformity, a: e.alignment, step: e.step }))}
              fill={RUN_COLORS[i % RUN_COLORS.length]}
              line={{ stroke: RUN_COLORS[i % RUN_COLORS.length], strokeWidth: 2 }}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </figure>
  );
}
