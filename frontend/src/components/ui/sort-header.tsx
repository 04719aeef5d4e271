import { cn } from '@/lib/cn';

type SortHeaderProps = {
  label: string;
  field: string;
  ordering: string;
  onSort: (ordering: string) => void;
  className?: string;
};

/** A column header that sorts by `field` (DRF's ?ordering=field / -field). */
export function SortHeader({ label, field, ordering, onSort, className }: SortHeaderProps) {
  const active = ordering === field || ordering === `-${field}`;
  const descending = ordering === `-${field}`;
  return (
    <th
      scope="col"
      className={cn('px-3 py-2 font-medium', className)}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 rounded hover:text-slate-900"
        onClick={() => onSort(active && !descending ? `-${field}` : field)}
      >
        {label}
        <span aria-hidden="true" className={active ? 'text-slate-900' : 'text-slate-300'}>
          {active && descending ? '↓' : '↑'}
        </span>
      </button>
    </th>
  );
}
