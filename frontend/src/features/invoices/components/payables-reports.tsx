import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { DataTable } from '@/components/ui/data-table';
import { FilterSelect } from '@/components/ui/filter-select';
import { Card } from '@/components/ui/page-header';
import { api } from '@/lib/api-client';
import { formatDate, formatMoney } from '@/lib/format';
import type { HoldsReport, PayablesReport, ReceivedNotInvoicedPage } from '@/types';

import { invoiceKeys } from '../api/keys';

function useReport<T>(name: string, path: string, params: Record<string, string> = {}) {
  return useQuery({
    queryKey: invoiceKeys.reports(name, params),
    queryFn: ({ signal }) => api<T>(path, { params, signal }),
  });
}

/** Committed / received / invoiced / paid per department or vendor, the accrual list of goods
 * received not invoiced, and the holds by reason and age: what finance looks at month end. */
export function PayablesReports() {
  const [groupBy, setGroupBy] = useState('department');
  const payables = useReport<PayablesReport>('payables', '/api/reports/payables/', { group_by: groupBy });
  const accrual = useReport<ReceivedNotInvoicedPage>('grni', '/api/reports/received-not-invoiced/', {
    page_size: '50',
  });
  const holds = useReport<HoldsReport>('holds', '/api/reports/invoice-holds/');
  const baseCurrency = payables.data?.base_currency ?? holds.data?.base_currency ?? '';
  const money = (value: string) => formatMoney(value, baseCurrency);
  return (
    <div className="space-y-6">
      <Card
        title="Committed, received, invoiced, paid"
        actions={
          <FilterSelect
            label="Group by"
            allLabel="Department"
            value={groupBy === 'department' ? '' : groupBy}
            options={[{ value: 'vendor', label: 'Vendor' }]}
            onChange={(next) => setGroupBy(next || 'department')}
          />
        }
      >
        <DataTable
          variant="plain"
          query={payables}
          rows={(report) => report.rows}
          rowKey={(row) => row.name}
          caption={`Payables by ${groupBy}, in ${baseCurrency}`}
          loadingLabel="Loading the payables report"
          emptyTitle="No orders yet"
          columns={[
            { id: 'name', header: groupBy === 'vendor' ? 'Vendor' : 'Department', cell: (row) => row.name },
            { id: 'committed', header: 'Committed', align: 'right', cell: (row) => money(row.committed) },
            { id: 'received', header: 'Received', align: 'right', cell: (row) => money(row.received) },
            { id: 'invoiced', header: 'Invoiced', align: 'right', cell: (row) => money(row.invoiced) },
            {
              id: 'paid',
              header: 'Paid',
              align: 'right',
              className: 'hidden sm:table-cell',
              cell: (row) => money(row.paid),
            },
          ]}
        />
      </Card>
      <Card title="Goods received not invoiced">
        <DataTable
          variant="plain"
          query={accrual}
          rows={(page) => page.results}
          rowKey={(row) => row.po_line}
          caption="Order lines received but not yet invoiced, oldest receipt first"
          loadingLabel="Loading the accrual list"
          emptyTitle="Everything received is invoiced"
          columns={[
            { id: 'po', header: 'PO', cellClassName: 'whitespace-nowrap', cell: (row) => row.purchase_order.number },
            { id: 'vendor', header: 'Vendor', className: 'hidden md:table-cell', cell: (row) => row.vendor.name },
            { id: 'line', header: 'Line', cell: (row) => row.description },
            { id: 'qty', header: 'Not invoiced', align: 'right', cell: (row) => Number(row.not_invoiced_quantity) },
            {
              id: 'amount',
              header: 'Amount',
              align: 'right',
              cellClassName: 'whitespace-nowrap',
              cell: (row) => formatMoney(row.not_invoiced_amount, row.currency),
            },
            {
              id: 'since',
              header: 'Received',
              className: 'hidden sm:table-cell',
              cell: (row) => formatDate(row.first_received_at),
            },
          ]}
        />
      </Card>
      <Card title="Invoices on hold">
        <DataTable
          variant="plain"
          query={holds}
          rows={(report) => report.rows}
          rowKey={(row) => `${row.code}-${row.age}`}
          caption="Open holds by reason and age"
          loadingLabel="Loading the holds"
          emptyTitle="No invoice is on hold"
          columns={[
            { id: 'reason', header: 'Reason', cell: (row) => row.reason },
            { id: 'age', header: 'Age', cell: (row) => row.age },
            { id: 'count', header: 'Holds', align: 'right', cell: (row) => row.count },
            { id: 'amount', header: 'Amount held', align: 'right', cell: (row) => money(row.amount) },
          ]}
        />
      </Card>
    </div>
  );
}
