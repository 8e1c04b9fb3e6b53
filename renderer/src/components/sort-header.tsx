/** A sortable table's column header: a button that sorts by the column, then reverses it. */
export type SortDirection = 'ascending' | 'descending';

export interface SortState<K extends string> {
  by: K;
  direction: SortDirection;
}

/** Sorting by `by`: ascending first, or the other way round if it already sorts by `by` ascending. */
export function nextSort<K extends string>(was: SortState<K>, by: K): SortState<K> {
  return { by, direction: was.by === by && was.direction === 'ascending' ? 'descending' : 'ascending' };
}

export function SortHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
}: {
  column: K;
  label: string;
  sort: SortState<K>;
  onSort: (column: K) => void;
}) {
  const current = sort.by === column;
  return (
    <th scope="col" aria-sort={current ? sort.direction : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{current ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}
