import { useRef, useState } from 'react';
import { seriesCsv, type CsvSeries } from '../export/csv';
import { fileName, saveFile } from '../export/download';
import { figurePng } from '../export/png';

/**
 * Save the figure this sits in: PNG at 2× with its caption, and, for a chart, CSV of exactly the
 * points it plots. (Marked data-export-ignore: the buttons are not part of the picture or caption.)
 */
export function FigureTools({ name, csv }: { name: string; csv?: () => readonly CsvSeries[] }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const figure = () => (ref.current?.closest('figure') ?? ref.current?.parentElement) as HTMLElement | null;
  const png = async () => {
    const fig = figure();
    if (!fig) return;
    try {
      setProblem(null);
      saveFile(fileName(name.replace(/^the /, ''), 'png'), await figurePng(fig));
    } catch (e) {
      setProblem(String((e as Error).message ?? e));
    }
  };
  return (
    <span className="figure-tools" ref={ref} data-export-ignore>
      <button className="link" onClick={png} data-action="png" aria-label={`Save ${name} as a PNG image`} title="PNG at twice the size on screen, with the caption">
        ⤓ PNG
      </button>
      {csv && (
        <button className="link" onClick={() => saveFile(fileName(name.replace(/^the /, ''), 'csv'), seriesCsv(csv()), 'text/csv')} data-action="csv" aria-label={`Save the data of ${name} as CSV`} title="CSV of the points this chart draws">
          ⤓ CSV
        </button>
      )}
      {problem && <span role="status">{problem}</span>}
    </span>
  );
}
