import { PageHeader } from '@/components/ui/page-header';
import { ApprovalsInbox } from '@/features/approvals/components/approvals-inbox';

export default function ApprovalsRoute() {
  return (
    <>
      <PageHeader title="Approvals" description="Requests waiting for your decision. Rejecting needs a comment." />
      <ApprovalsInbox />
    </>
  );
}
