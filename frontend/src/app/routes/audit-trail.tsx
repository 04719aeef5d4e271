import { PageHeader } from '@/components/ui/page-header';
import { AuditTrail } from '@/features/audit/components/audit-trail';

export default function AuditTrailRoute() {
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, who made it and when, with the values before and after."
      />
      <AuditTrail />
    </>
  );
}
