import { useSearchParams } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { ApprovalLinkConfirm } from '@/features/approvals/components/approval-link-confirm';

export default function ApprovalLinkRoute() {
  const [params] = useSearchParams();
  return (
    <>
      <PageHeader
        title="Your decision"
        description="From the link in your e-mail: nothing changes until you confirm."
      />
      <ApprovalLinkConfirm token={params.get('token') ?? ''} />
    </>
  );
}
