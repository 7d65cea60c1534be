// How the README's tables print numbers: one set of rules, so a table never rounds by hand.

/** a minus sign, not a hyphen */
const sign = (s: string) => s.replace(/^-/, '−');
export const num = (x: number, d: number) => sign(x.toFixed(d));
export const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;
/** a difference of two shares, in points: +8.2 / −0.5 */
export const pts = (x: number, d = 1) => {
  const s = (x * 100).toFixed(d);
  return s.startsWith('-') ? sign(s) : `+${s}`;
};
/** 1,274 */
export const int = (x: number) => Math.round(x).toLocaleString('en');
export const mb = (bytes: number, d: number) => `${(bytes / 1e6).toFixed(d)} MB`;
/** a loss: three decimals, four when it is nearly 0 */
export const loss = (x: number) => num(x, Math.abs(x) < 0.01 ? 4 : 3);
export const arrow = (xs: string[]) => xs.join(' → ');

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}
