import { Link, useParams } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { Alert, ErrorState } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { DecisionForm } from '@/features/approvals/components/decision-form';
import { Discussion } from '@/features/discussions/components/discussion';
import { DocumentUpload } from '@/features/documents/components/document-upload';
import { DocumentsList } from '@/features/documents/components/documents-list';
import { usePurchaseOrder } from '@/features/purchase-orders/api/get-purchase-order';
import { CloseRequest } from '@/features/purchase-orders/components/close-request';
import { CreatePurchaseOrderForm } from '@/features/purchase-orders/components/create-purchase-order-form';
import { PurchaseOrderLines } from '@/features/purchase-orders/components/purchase-order-lines';
import { ReceiptHistory } from '@/features/purchase-orders/components/receipt-history';
import { usePurchaseRequest } from '@/features/purchase-requests/api/get-purchase-request';
import { useRequestRoute } from '@/features/purchase-requests/api/get-route';
import { ApprovalTimeline } from '@/features/purchase-requests/components/approval-timeline';
import { PurchaseRequestSummary } from '@/features/purchase-requests/components/purchase-request-summary';
import { RequestHistory } from '@/features/purchase-requests/components/request-history';
import { RequesterActions } from '@/features/purchase-requests/components/requester-actions';
import { RoutePreviewCard } from '@/features/purchase-requests/components/route-preview';
import { searchActiveVendors } from '@/features/vendors/api/get-vendors';
import { can } from '@/lib/auth';
import { formatDate, formatMoney } from '@/lib/format';

import { useCurrentUser } from '../use-current-user';

/** What the request's order received and was billed for, line by line. */
function OrderProgress({ orderId }: { orderId: number }) {
  const order = usePurchaseOrder(orderId);
  if (!order.data) return null;
  return <PurchaseOrderLines order={order.data} title={`Received and billed on ${order.data.number}`} />;
}

export default function PurchaseRequestDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const request = usePurchaseRequest(id);
  const isDraft = request.data?.status === 'DRAFT';
  const route = useRequestRoute(id, undefined, isDraft);
  const current = request.data?.purchase_order;
  const needsOrder =
    request.data?.status === 'APPROVED' &&
    !request.data.closed_at &&
    (!current || current.status === 'CANCELLED') &&
    can(user, 'purchase_order.manage');

  if (request.isPending) return <PageSkeleton label="Loading the request" />;
  if (request.isError) return <ErrorState error={request.error} onRetry={() => void request.refetch()} />;
  const data = request.data;
  const currentStep = data.approval_steps.find((step) => step.status === 'PENDING');
  const mayDecide = data.status === 'PENDING_APPROVAL' && currentStep?.approver.id === user.id;
  const order = data.purchase_order;

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {data.number} <StatusBadge status={data.status} />
          </span>
        }
        description={`${data.title} · ${formatMoney(data.total, data.currency)}`}
        actions={
          order?.id && (
            <Link
              to={`/purchase-orders/${order.id}`}
              className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            >
              View {order.number ?? 'purchase order'}
            </Link>
          )
        }
      />
      <RequesterActions request={data} user={user} />
      {isDraft && <RoutePreviewCard route={route.data} title="Who will approve when you submit" />}
      {mayDecide && (
        <Card title="Your decision">
          <DecisionForm requestId={data.id} requestNumber={data.number} />
        </Card>
      )}
      {data.closed_at && (
        <Alert kind="info">
          Closed by procurement on {formatDate(data.closed_at)}: no order follows, and its amount no longer counts
          against the budget.
        </Alert>
      )}
      {needsOrder && (
        <>
          <CreatePurchaseOrderForm requestId={data.id} searchVendors={searchActiveVendors} />
          <CloseRequest requestId={data.id} number={data.number} />
        </>
      )}
      <div className="grid gap-6 xl:grid-cols-[2fr_1fr]">
        <PurchaseRequestSummary request={data} />
        <ApprovalTimeline request={data} />
      </div>
      {order?.id && order.status !== 'CANCELLED' && <OrderProgress orderId={order.id} />}
      {data.receipts.length > 0 && <ReceiptHistory receipts={data.receipts} title="Goods received" />}
      {data.purchase_orders.length > 1 && (
        <Card title="Orders">
          <ul className="space-y-1 text-sm">
            {data.purchase_orders.map((o) => (
              <li key={o.id}>
                <Link className="text-indigo-700 underline underline-offset-2" to={`/purchase-orders/${o.id}`}>
                  {o.number}
                </Link>{' '}
                <StatusBadge status={o.status} />
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="Documents">
        <div className="space-y-4">
          <DocumentsList filters={{ purchase_request: data.id }} compact />
          <DocumentUpload purchaseRequestId={data.id} />
        </div>
      </Card>
      <Discussion
        basePath={`/api/purchase-requests/${data.id}`}
        what="request"
        attachTo={{ purchase_request: data.id }}
      />
      <RequestHistory requestId={data.id} />
    </div>
  );
}
