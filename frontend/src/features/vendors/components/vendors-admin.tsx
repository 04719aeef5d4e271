import { useState } from 'react';
import { Link } from 'react-router';

import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { ExportLinks } from '@/components/ui/export-links';
import { Pagination } from '@/components/ui/pagination';
import { SearchBox } from '@/components/ui/search-box';
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
  const filters = { search: values.search || undefined, ordering: ['name' as const] };
  const query = useVendors({ ...filters, page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  const create = useCreateVendor();
  const edit = useUpdateVendor();
  const [editing, setEditing] = useState<VendorOutput | 'new' | null>(null);
  const columns: DataTableColumn<VendorOutput>[] = [
    {
      id: 'name',
      header: 'Name',
      cellClassName: 'font-medium',
      cell: (vendor) => (
        <Link className="text-indigo-700 hover:underline" to={`/vendors/${vendor.id}`}>
          {vendor.name}
        </Link>
      ),
    },
    { id: 'email', header: 'Email', className: 'hidden sm:table-cell', cell: (vendor) => vendor.email || '—' },
    { id: 'currency', header: 'Currency', cell: (vendor) => vendor.currency },
    { id: 'status', header: 'Status', cell: (vendor) => (vendor.is_active ? 'Active' : 'Inactive') },
  ];
  if (canManage)
    columns.push({
      id: 'actions',
      header: 'Actions',
      srOnly: true,
      cellClassName: 'text-right',
      cell: (vendor) => (
        <Button size="sm" variant="ghost" onClick={() => setEditing(vendor)} aria-label={`Edit ${vendor.name}`}>
          Edit
        </Button>
      ),
    });

  return (
    <div className="space-y-4">
      {editing && (
        <VendorForm
          title={editing === 'new' ? 'New vendor' : `Edit ${editing.name}`}
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
      )}
      <div className="flex flex-wrap items-end gap-3">
        <SearchBox
          value={values.search}
          onSearch={(search) => update({ search })}
          label="Search vendors"
          placeholder="Name, email or tax ID"
        />
        {canManage && !editing && <Button onClick={() => setEditing('new')}>New vendor</Button>}
        <div className="ml-auto">
          <ExportLinks path="/api/vendors/" params={filters} />
        </div>
      </div>
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(vendor) => vendor.id}
        caption="Vendors"
        loadingLabel="Loading vendors"
        emptyTitle="No vendors"
        columns={columns}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}
