import { Button } from './button';

type PaginationProps = { page: number; pageSize: number; count: number; onPage: (page: number) => void };

export function Pagination({ page, pageSize, count, onPage }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  if (count === 0) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(count, page * pageSize);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-2 py-3 text-sm text-slate-600">
      <span>
        {first}–{last} of {count}
      </span>
      <span className="flex items-center gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <span aria-current="page">
          Page {page} of {pages}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </span>
    </nav>
  );
}
