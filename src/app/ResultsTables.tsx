// The papers' results tables from the lecture, each sortable by any column, with its source.
import { PaperTable, type ResultsTable } from '../ui/widgets/PaperTable';

export function ResultsTables({ tables }: { tables: ResultsTable[] }) {
  return (
    <>
      {tables.map((t) => (
        <PaperTable key={t.id} table={t} />
      ))}
    </>
  );
}
