import { BarChart } from '@/components/ui/bar-chart';
import { Button } from '@/components/ui/button';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input, Select } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { EmptyState, errorMessage } from '@/components/ui/states';
import { formatMoney } from '@/lib/format';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { notify } from '@/stores/ui-store';

import {
  spendingReportFiltersSchema,
  useDownloadSpendingReportCsv,
  useSpendingReport,
  type SpendingReportFilters,
} from '../api/get-spending-report';

const PARAM_KEYS = ['from', 'to', 'group_by'] as const;
const GROUPS = ['department', 'vendor', 'month'] as const satisfies readonly SpendingReportFilters['group_by'][];

export function SpendingReport() {
  const { values, update } = useListParams(PARAM_KEYS);
  // The URL decides, valid dates or not: the control never shows another grouping than the URL's.
  const groupBy = oneOf(GROUPS, values.group_by) ?? 'department';
  const parsed = spendingReportFiltersSchema.safeParse({ from: values.from, to: values.to, group_by: groupBy });
  const filters: SpendingReportFilters = parsed.success
    ? parsed.data
    : { from: values.from, to: values.to, group_by: groupBy };
  const errorOf = (field: 'from' | 'to') => parsed.error?.issues.find((issue) => issue.path[0] === field)?.message;
  // Invalid dates ask for nothing, and no earlier result is left on screen as if it were theirs.
  const report = useSpendingReport(filters, { enabled: parsed.success });
  const csv = useDownloadSpendingReportCsv();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <Field label="From" error={errorOf('from')}>
          {(props) => (
            <Input
              {...props}
              type="date"
              value={values.from}
              onChange={(event) => update({ from: event.target.value })}
            />
          )}
        </Field>
        <Field label="To" error={errorOf('to')}>
          {(props) => (
            <Input {...props} type="date" value={values.to} onChange={(event) => update({ to: event.target.value })} />
          )}
        </Field>
        <Field label="Group by" className="w-44">
          {(props) => (
            <Select {...props} value={groupBy} onChange={(event) => update({ group_by: event.target.value })}>
              <option value="department">Department</option>
              <option value="vendor">Vendor</option>
              <option value="month">Month</option>
            </Select>
          )}
        </Field>
        <Button
          variant="secondary"
          loading={csv.isPending}
          disabled={!parsed.success}
          onClick={() => csv.mutate(filters, { onError: (error) => notify('error', errorMessage(error)) })}
        >
          Download CSV
        </Button>
      </div>
      {!parsed.success ? (
        <EmptyState title="No report for these dates">Correct the dates above to see the spending.</EmptyState>
      ) : (
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
      )}
    </div>
  );
}
