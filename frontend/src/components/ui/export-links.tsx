import { buildUrl, type RequestOptions } from '@/lib/api-client';

const link =
  'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50';

/** Downloads of every row the list's filters select (not only this page), as CSV and XLSX. */
export function ExportLinks({ path, params }: { path: string; params: RequestOptions['params'] }) {
  const { page: _page, page_size: _size, ...filters } = params ?? {};
  return (
    <div className="flex gap-2" aria-label="Export">
      <a className={link} href={buildUrl(path, { ...filters, format: 'csv' })} download>
        Export CSV
      </a>
      <a className={link} href={buildUrl(path, { ...filters, format: 'xlsx' })} download>
        Export XLSX
      </a>
    </div>
  );
}
