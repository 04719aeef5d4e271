import { Link } from 'react-router';

import { Pagination } from '@/components/ui/pagination';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatBytes, formatDateTime, formatMoney, humanize } from '@/lib/format';
import { useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import type { DocumentListItem } from '@/types';

import { useDocuments } from '../api/get-documents';
import type { DocumentFilters } from '../api/keys';

const PAGE_SIZE = 20;
const NO_KEYS = [] as const;

type Extracted = NonNullable<DocumentListItem['extracted_data']>;

/** Vendor, number, total and PO as read (a dash where not found). */
function ReadSummary({ data }: { data: Extracted }) {
  const dash = <span className="text-slate-400">—</span>;
  return (
    <dl className="grid grid-cols-2 gap-x-4 text-xs sm:grid-cols-4" aria-label="Read from the document">
      {(
        [
          ['Vendor', data.vendor_name],
          ['Number', data.invoice_number],
          ['Total', data.total ? formatMoney(data.total, data.currency ?? 'USD') : null],
          ['PO', data.po_number],
        ] as const
      ).map(([label, value]) => (
        <div key={label} className="min-w-0">
          <dt className="text-slate-500">{label}</dt>
          <dd className="truncate font-medium text-slate-800">{value || dash}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Documents the caller may see; with a request or order id, those attached to it. */
export function DocumentsList({ filters = {}, compact = false }: { filters?: DocumentFilters; compact?: boolean }) {
  const { page, update } = useListParams(NO_KEYS);
  const query = useDocuments({ ...filters, page: compact ? 1 : page, page_size: compact ? 50 : PAGE_SIZE });
  useKeepPageInRange(compact ? 1 : page, query, update);
  if (query.isPending) return <TableSkeleton rows={compact ? 2 : 5} label="Loading documents" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.results.length === 0)
    return <EmptyState title="No documents yet">Uploaded documents appear here.</EmptyState>;
  return (
    <div>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {query.data.results.map((document) => (
          <li key={document.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
            <div className="min-w-0">
              <Link to={`/documents/${document.id}`} className="font-medium break-all text-indigo-700 hover:underline">
                {document.original_filename}
              </Link>
              <p className="text-xs text-slate-500">
                {humanize(document.document_type ?? 'other')} · {formatBytes(document.size)} ·{' '}
                {formatDateTime(document.created_at)} · {document.uploaded_by}
              </p>
            </div>
            {document.extracted_data && <ReadSummary data={document.extracted_data} />}
            <StatusBadge status={document.status} />
          </li>
        ))}
      </ul>
      {!compact && (
        <Pagination
          page={page}
          pageSize={PAGE_SIZE}
          count={query.data.count}
          onPage={(next) => update({ page: next })}
        />
      )}
    </div>
  );
}
