// A chart's plotted series as CSV: one row per step, one column per series, exactly the points
// the chart draws (values as JavaScript prints them, so nothing is rounded away).
export interface CsvSeries {
  name: string;
  points: readonly { step: number; value: number }[];
}

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function seriesCsv(series: readonly CsvSeries[]): string {
  const steps = [...new Set(series.flatMap((s) => s.points.map((p) => p.step)))].sort((a, b) => a - b);
  const byStep = series.map((s) => new Map(s.points.map((p) => [p.step, p.value])));
  const rows = steps.map((step) => [String(step), ...byStep.map((m) => (m.has(step) ? String(m.get(step)) : ''))].join(','));
  return [['step', ...series.map((s) => cell(s.name))].join(','), ...rows].join('\n') + '\n';
}
