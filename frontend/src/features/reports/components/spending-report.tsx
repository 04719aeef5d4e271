import { BarChart } from '@/components/ui/bar-chart';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input, Select } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { errorMessage } from '@/components/ui/states';
import { formatMoney } from '@/lib/format';
import { useListParams } from '@/lib/use-list-params';
import { notify } from '@/stores/ui-store';

import {
  spendingReportFiltersSchema,
  useDownloadSpendingReportCsv,
  useSpendingReport,
  type SpendingReportFilters,
} from '../api/get-spending-report';

const PARAM_KEYS = ['from', 'to', 'group_by'] as const;

export function SpendingReport() {
  const { values, update } = useListParams(PARAM_KEYS);
  const parsed = spendingReportFiltersSchema.safeParse({ ...values, group_by: values.group_by || 'department' });
  const filters: SpendingReportFilters = parsed.success ? parsed.data : { from: '', to: '', group_by: 'department' };
  const filterError = parsed.success ? undefined : parsed.error.issues[0]?.message;
  const report = useSpendingReport(filters);
  const csv = useDownloadSpendingReportCsv();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="From">
          {(props) => (
            <Input
              {...props}
              type="date"
              value={values.from}
              onChange={(event) => update({ from: event.target.value })}
            />
          )}
        </Field>
        <Field label="To" error={filterError}>
          {(props) => (
            <Input {...props} type="date" value={values.to} onChange={(event) => update({ to: event.target.value })} />
          )}
        </Field>
        <Field label="Group by" className="w-44">
          {(props) => (
            <Select {...props} value={filters.group_by} onChange={(event) => update({ group_by: event.target.value })}>
              <option value="department">Department</option>
              <option value="vendor">Vendor</option>
              <option value="month">Month</option>
            </Select>
          )}
        </Field>
        <Button
          variant="secondary"
          loading={csv.isPending}
          onClick={() => csv.mutate(filters, { onError: (error) => notify('error', errorMessage(error)) })}
        >
          Download CSV
        </Button>
      </div>
      <DataTable
        query={report}
        rows={(data) => data.results}
        rowKey={(row) => `${row.key}-${row.currency}`}
        caption="Spending totals"
        loadingLabel="Loading the report"
        emptyTitle="No spending in this period"
        emptyText={report.data && `${report.data.from} to ${report.data.to}`}
        before={(data) => (
          <Card title={`Total by ${data.group_by}, ${data.from} to ${data.to}`}>
            <BarChart
              title="Spending by group"
              data={data.results.map((row) => ({
                label: `${row.name} (${row.currency})`,
                value: Number(row.total),
                display: formatMoney(row.total, row.currency),
              }))}
            />
          </Card>
        )}
        columns={[
          { id: 'group', header: 'Group', cell: (row) => row.name },
          { id: 'requests', header: 'Requests', align: 'right', cell: (row) => row.request_count },
          {
            id: 'approved',
            header: 'Approved',
            align: 'right',
            cell: (row) => formatMoney(row.approved_total, row.currency),
          },
          {
            id: 'pending',
            header: 'Pending',
            align: 'right',
            cell: (row) => formatMoney(row.pending_total, row.currency),
          },
          {
            id: 'total',
            header: 'Total',
            align: 'right',
            cellClassName: 'font-medium',
            cell: (row) => formatMoney(row.total, row.currency),
          },
        ]}
      />
    </div>
  );
}
