// The papers' results tables from the lecture, each sortable by any column, with its source.
import { SortableTable } from '../ui/widgets/PaperTable';
import type { ResultsTable } from './course';

export function ResultsTables({ tables }: { tables: ResultsTable[] }) {
  return (
    <>
      {tables.map((t) => (
        <SortableTable key={t.id} table={t} />
      ))}
    </>
  );
}
