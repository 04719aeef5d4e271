import { BarChart } from '@/components/ui/bar-chart';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { TableSkeleton } from '@/components/ui/skeleton';
import { EmptyState, ErrorState, errorMessage } from '@/components/ui/states';
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
      {report.isPending ? (
        <TableSkeleton label="Loading the report" />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.results.length === 0 ? (
        <EmptyState title="No spending in this period">
          {report.data.from} to {report.data.to}
        </EmptyState>
      ) : (
        <>
          <Card title={`Total by ${report.data.group_by}, ${report.data.from} to ${report.data.to}`}>
            <BarChart
              title="Spending by group"
              data={report.data.results.map((row) => ({
                label: `${row.name} (${row.currency})`,
                value: Number(row.total),
                display: formatMoney(row.total, row.currency),
              }))}
            />
          </Card>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th className="px-3 py-2 font-medium">Group</th>
                  <th className="px-3 py-2 text-right font-medium">Requests</th>
                  <th className="px-3 py-2 text-right font-medium">Approved</th>
                  <th className="px-3 py-2 text-right font-medium">Pending</th>
                  <th className="px-3 py-2 text-right font-medium">Total</th>
                </tr>
              </thead>
              <tbody>
                {report.data.results.map((row) => (
                  <tr key={`${row.key}-${row.currency}`} className="border-t border-slate-100">
                    <td className="px-3 py-2">{row.name}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{row.request_count}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {formatMoney(row.approved_total, row.currency)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {formatMoney(row.pending_total, row.currency)}
                    </td>
                    <td className="px-3 py-2 text-right font-medium tabular-nums">
                      {formatMoney(row.total, row.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
