// A results table from the papers, sortable by any column, with its source (the home page shows
// all of them; a lesson shows the one it discusses).
import { useState } from 'react';

/** A table from a paper: the lessons' course data (lessons/course.ts) holds them. */
export interface ResultsTable {
  id: string;
  title: string;
  source: string;
  columns: string[];
  /** cells: text or number (numbers sort numerically; null is a dash) */
  rows: (string | number | null)[][];
  note?: string;
}

export function PaperTable({ table }: { table: ResultsTable }) {
  const [sort, setSort] = useState<{ col: number; desc: boolean } | null>(null);
  const rows = sort
    ? [...table.rows].sort((a, b) => {
        const [x, y] = [a[sort.col], b[sort.col]];
        const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : x === null ? -1 : y === null ? 1 : String(x).localeCompare(String(y));
        return sort.desc ? -cmp : cmp;
      })
    : table.rows;
  return (
    <figure className="results" data-table={table.id}>
      <table tabIndex={0} className="measured sortable">
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={c} aria-sort={sort?.col === i ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button
                  className="sort"
                  data-col={i}
                  onClick={() => setSort((s) => ({ col: i, desc: s?.col === i ? !s.desc : typeof table.rows[0][i] === 'number' }))}
                >
                  {c} {sort?.col === i ? (sort.desc ? '▼' : '▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j}>{v === null ? '—' : typeof v === 'number' ? v.toFixed(Number.isInteger(v) && v > 100 ? 0 : 1) : v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        {table.note ? `${table.note} ` : ''}Source: {table.source}.
      </figcaption>
    </figure>
  );
}
