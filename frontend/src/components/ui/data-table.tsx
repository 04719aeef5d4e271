import type { ReactNode } from 'react';

import { cn } from '@/lib/cn';

import { TableSkeleton } from './skeleton';
import { SortHeader } from './sort-header';
import { EmptyState, ErrorState } from './states';

export type DataTableColumn<T> = {
  /** Unique within the table (React key). */
  id: string;
  /** The column's heading; for a column without a visible heading (actions), pass `srOnly`. */
  header: string;
  /** Makes the heading a sort button (DRF's ?ordering=field / -field). */
  sort?: { field: string; ordering: string; onSort: (ordering: string) => void };
  cell: (row: T) => ReactNode;
  align?: 'left' | 'right';
  /** Classes for both the heading and the cells (e.g. `hidden md:table-cell`). */
  className?: string;
  /** Classes for the cells only. */
  cellClassName?: string;
  /** The heading is for screen readers only (e.g. "Actions"). */
  srOnly?: boolean;
};

/** What DataTable reads from a TanStack query (or anything shaped like one). */
export type DataTableQuery<D> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: D | undefined;
  refetch: () => unknown;
  isPlaceholderData?: boolean;
};

type TableProps<T> = {
  columns: DataTableColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  /** The table's accessible name: a visually hidden caption. */
  caption: string;
  rowClassName?: string;
  footer?: ReactNode;
  /** The frame: a bordered card (lists) or bare (inside a Card). */
  variant?: 'card' | 'plain';
};

/** Cell padding; a plain table (inside a Card) keeps its first and last columns flush with the card. */
function cellPadding(variant: 'card' | 'plain', index: number, count: number) {
  if (variant === 'plain' && index === 0) return 'py-2 pr-3';
  if (variant === 'plain' && index === count - 1) return 'py-2 pl-3';
  return 'px-3 py-2';
}

/** An accessible table from typed columns: `<caption>`, `<th scope="col">`, optional sort headers. */
export function Table<T>({ columns, rows, rowKey, caption, rowClassName, footer, variant = 'card' }: TableProps<T>) {
  return (
    // Focusable, so a keyboard can scroll a table wider than a phone (axe: scrollable-region-focusable).
    <div
      tabIndex={0}
      role="region"
      aria-label={caption}
      className={cn('overflow-x-auto', variant === 'card' && 'rounded-lg border border-slate-200 bg-white')}
    >
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className={cn('text-left text-slate-600', variant === 'card' && 'bg-slate-50')}>
          <tr>
            {columns.map((column, index) => {
              const className = cn(column.align === 'right' && 'text-right', column.className);
              if (column.sort)
                return (
                  <SortHeader
                    key={column.id}
                    label={column.header}
                    field={column.sort.field}
                    ordering={column.sort.ordering}
                    onSort={column.sort.onSort}
                    className={className}
                  />
                );
              return (
                <th
                  key={column.id}
                  scope="col"
                  className={cn(cellPadding(variant, index, columns.length), 'font-medium', className)}
                >
                  {column.srOnly ? <span className="sr-only">{column.header}</span> : column.header}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={cn('border-t border-slate-100', rowClassName)}>
              {columns.map((column, index) => (
                <td
                  key={column.id}
                  className={cn(
                    cellPadding(variant, index, columns.length),
                    column.align === 'right' && 'text-right tabular-nums',
                    column.className,
                    column.cellClassName,
                  )}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}

type DataTableProps<D, T> = Omit<TableProps<T>, 'rows' | 'footer'> & {
  query: DataTableQuery<D>;
  /** The rows in the query's data (e.g. `(data) => data.results`). */
  rows: (data: D) => T[];
  /** The skeleton's accessible name, e.g. "Loading vendors". */
  loadingLabel: string;
  emptyTitle: string;
  emptyText?: ReactNode;
  emptyAction?: ReactNode;
  /** Shown above the table when there are rows (e.g. a chart). */
  before?: (data: D) => ReactNode;
  /** Shown below the table when there are rows (e.g. pagination). */
  after?: (data: D) => ReactNode;
};

/**
 * A list's four states from its query: loading (skeleton), error (with retry), empty, and the
 * table. Stale rows shown while the next page loads are dimmed.
 */
export function DataTable<D, T>({
  query,
  rows,
  loadingLabel,
  emptyTitle,
  emptyText,
  emptyAction,
  before,
  after,
  ...table
}: DataTableProps<D, T>) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) return <TableSkeleton label={loadingLabel} />;
  const data = query.data;
  const list = rows(data);
  if (list.length === 0)
    return (
      <EmptyState title={emptyTitle} action={emptyAction}>
        {emptyText}
      </EmptyState>
    );
  return (
    // Always the same wrapper, so paging (placeholder data) does not remount the table or move focus.
    <div className={cn(query.isPlaceholderData && 'opacity-60')}>
      {before && <div className="mb-4">{before(data)}</div>}
      <Table {...table} rows={list} />
      {after?.(data)}
    </div>
  );
}
