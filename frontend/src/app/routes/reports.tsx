import { PageHeader } from '@/components/ui/page-header';
import { PayablesReports } from '@/features/invoices/components/payables-reports';
import { SpendingReport } from '@/features/reports/components/spending-report';
import { can } from '@/lib/auth';

import { Forbidden } from './forbidden';
import { useCurrentUser } from './use-current-user';

export default function ReportsRoute() {
  const user = useCurrentUser();
  if (!can(user, 'report.view')) return <Forbidden />;
  return (
    <>
      <PageHeader title="Spending report" description="Approved and pending spend by department, vendor or month." />
      <SpendingReport />
      <h2 className="mt-10 mb-4 text-lg font-semibold text-slate-900">Accounts payable</h2>
      <PayablesReports />
    </>
  );
}
