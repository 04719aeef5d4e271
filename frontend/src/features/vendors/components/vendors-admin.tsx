import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import { notify } from '@/stores/ui-store';
import type { VendorOutput } from '@/types';

import { VendorForm } from './vendor-form';
import { useCreateVendor } from '../api/create-vendor';
import { useVendors } from '../api/get-vendors';
import { useUpdateVendor } from '../api/update-vendor';

const PAGE_SIZE = 20;
const PARAM_KEYS = ['search'] as const;

/** The vendor master; `canManage` (procurement, admin) adds create and edit. */
export function VendorsAdmin({ canManage }: { canManage: boolean }) {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const query = useVendors({ search: values.search || undefined, ordering: ['name'], page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  const create = useCreateVendor();
  const edit = useUpdateVendor();
  const [editing, setEditing] = useState<VendorOutput | 'new' | null>(null);

  return (
    <div className="space-y-4">
      {editing && (
        <Card title={editing === 'new' ? 'New vendor' : `Edit ${editing.name}`}>
          <VendorForm
            key={editing === 'new' ? 'new' : editing.id}
            vendor={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSubmit={async (input) => {
              if (editing === 'new') await create.mutateAsync(input);
              else await edit.mutateAsync({ id: editing.id, input });
              notify('success', 'Vendor saved.');
              setEditing(null);
            }}
          />
        </Card>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          value={values.search}
          onSearch={(search) => update({ search })}
          label="Search vendors"
          placeholder="Name, email or tax ID"
        />
        {canManage && !editing && <Button onClick={() => setEditing('new')}>New vendor</Button>}
      </div>
      {query.isPending ? (
        <TableSkeleton label="Loading vendors" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.results.length === 0 ? (
        <EmptyState title="No vendors" />
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">Name</th>
                  <th className="hidden px-3 py-2 font-medium sm:table-cell">Email</th>
                  <th className="px-3 py-2 font-medium">Currency</th>
                  <th className="px-3 py-2 font-medium">Status</th>
                  {canManage && (
                    <th className="px-3 py-2">
                      <span className="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {query.data.results.map((vendor) => (
                  <tr key={vendor.id} className="border-t border-slate-100">
                    <td className="px-3 py-2 font-medium">{vendor.name}</td>
                    <td className="hidden px-3 py-2 sm:table-cell">{vendor.email || '—'}</td>
                    <td className="px-3 py-2">{vendor.currency}</td>
                    <td className="px-3 py-2">{vendor.is_active ? 'Active' : 'Inactive'}</td>
                    {canManage && (
                      <td className="px-3 py-2 text-right">
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => setEditing(vendor)}
                          aria-label={`Edit ${vendor.name}`}
                        >
                          Edit
                        </Button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            count={query.data.count}
            onPage={(next) => update({ page: next })}
          />
        </>
      )}
    </div>
  );
}
