// Names for the generated OpenAPI types (src/types/api.ts, from /api/schema/: `npm run types`).
import type { components, operations } from './api';

type Schemas = components['schemas'];

export type Me = Schemas['MeOutput'];
export type Role = Schemas['RoleEnum'];
export type UserRef = Schemas['UserRef'];
export type UserOutput = Schemas['UserOutput'];
export type DepartmentOutput = Schemas['DepartmentOutput'];
export type DepartmentRef = Schemas['DepartmentRef'];
export type VendorOutput = Schemas['VendorOutput'];
export type VendorRef = Schemas['VendorRef'];
export type PurchaseRequestListItem = Schemas['PurchaseRequestListOutput'];
export type PurchaseRequestDetail = Schemas['PurchaseRequestDetailOutput'];
export type PurchaseRequestStatus = Schemas['PurchaseRequestStatusEnum'];
export type InboxItem = Schemas['InboxItemOutput'];
export type HistoryEvent = Schemas['HistoryEventOutput'];
export type PurchaseOrderListItem = Schemas['PurchaseOrderListOutput'];
export type PurchaseOrderDetail = Schemas['PurchaseOrderDetailOutput'];
export type PurchaseOrderStatus = Schemas['PurchaseOrderStatusEnum'];
export type GoodsReceipt = Schemas['GoodsReceiptCreated'];
export type ReceiptRecord = Schemas['GoodsReceiptOutput'];
export type PurchaseOrderRevision = Schemas['PurchaseOrderRevisionOutput'];
export type PurchaseOrderLine = Schemas['PurchaseOrderLineOutput'];
export type ProcurementQueue = Schemas['QueueOutput'];
export type QueueRequest = Schemas['QueueRequestOutput'];
export type OrderLineInput = Schemas['OrderLineInputRequest'];
export type DraftChanges = Schemas['PatchedPurchaseOrderUpdateInputRequest'];
export type RevisionInput = Schemas['RevisionInputRequest'];
export type CancelOrderInput = Schemas['PurchaseOrderCancelInputRequest'];
export type ReturnInput = Schemas['ReturnInputRequest'];
export type DocumentListItem = Schemas['DocumentListOutput'];
export type DocumentDetail = Schemas['DocumentOutput'];
export type DocumentType = Schemas['DocumentTypeEnum'];
export type UploadOutput = Schemas['UploadOutput'];
export type TaskStatus = Schemas['TaskStatusOutput'];
export type TaskState = Schemas['StateEnum'];
export type SpendingRow = Schemas['SpendingRow'];
export type ExchangeRate = Schemas['ExchangeRateOutput'];
export type ExchangeRateSource = Schemas['SourceEnum'];
export type ExchangeRateImportResult = Schemas['ExchangeRateImportOutput'];
export type InvoiceListItem = Schemas['InvoiceListOutput'];
export type InvoiceDetail = Schemas['InvoiceDetailOutput'];
export type InvoiceLine = Schemas['InvoiceLineOutput'];
export type InvoiceHold = Schemas['HoldOutput'];
export type InvoiceStatus = Schemas['InvoiceStatusEnum'];
export type InvoiceCreateInput = Schemas['InvoiceCreateInputRequest'];
export type InvoiceCorrectionInput = Schemas['PatchedInvoiceFieldsRequest'];
export type HoldCode = Schemas['HoldCodeEnum'];
export type MatchException = Schemas['ExceptionOutput'];
export type PayablesReport = Schemas['PayablesReport'];
export type ReceivedNotInvoicedRow = Schemas['ReceivedNotInvoicedRow'];
export type HoldsReport = Schemas['HoldsReport'];
export type BankAccount = Schemas['BankAccountOutput'];
export type BankAccountInput = Schemas['BankAccountInputRequest'];
export type CompanyAccount = Schemas['CompanyAccountOutput'];
export type PaymentRunListItem = Schemas['PaymentRunListOutput'];
export type PaymentRunDetail = Schemas['PaymentRunDetailOutput'];
export type PaymentRunStatus = Schemas['PaymentRunStatusEnum'];
export type PaymentRunCreateInput = Schemas['PaymentRunCreateInputRequest'];
export type Payment = Schemas['Payment'];
export type BankStatement = Schemas['BankStatementOutput'];
export type StatementEntry = Schemas['StatementEntry'];

// One page of each list (the envelope of API.md, declared by the schema).
export type VendorPage = Schemas['PaginatedVendorOutputList'];
export type BankAccountPage = Schemas['PaginatedBankAccountOutputList'];
export type PaymentRunPage = Schemas['PaginatedPaymentRunListOutputList'];
export type BankStatementPage = Schemas['PaginatedBankStatementOutputList'];
export type UserPage = Schemas['PaginatedUserOutputList'];
export type DepartmentPage = Schemas['PaginatedDepartmentOutputList'];
export type PurchaseRequestPage = Schemas['PaginatedPurchaseRequestListOutputList'];
export type PurchaseOrderPage = Schemas['PaginatedPurchaseOrderListOutputList'];
export type HistoryPage = Schemas['PaginatedHistoryEventOutputList'];
export type InboxPage = Schemas['PaginatedInboxItemOutputList'];
export type DocumentPage = Schemas['PaginatedDocumentListOutputList'];
export type ExchangeRatePage = Schemas['PaginatedExchangeRateOutputList'];
export type InvoicePage = Schemas['PaginatedInvoiceListOutputList'];
export type MatchExceptionPage = Schemas['PaginatedExceptionOutputList'];
export type InvoiceHistoryPage = Schemas['PaginatedEventOutputList'];
export type ReceivedNotInvoicedPage = Schemas['PaginatedReceivedNotInvoicedRowList'];

/** The query parameters (filters, ordering, page) an operation declares. */
export type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

export type DashboardStats = Schemas['DashboardStatsOutput'];
export type Capability = Schemas['PermissionsEnum'];
export type PurchaseOrderRef = Schemas['PurchaseOrderRef'];
export type SpendingReport = Schemas['SpendingReportOutput'];

/** The error envelope of API.md. */
export type ApiErrorBody = {
  code: string;
  detail: string;
  fields?: Record<string, unknown>;
};

// Daily use of requests and approvals.
export type RouteOutput = Schemas['RouteOutput'];
export type RouteStep = Schemas['RouteStep'];
export type CommentOutput = Schemas['CommentOutput'];
export type CommentPage = Schemas['PaginatedCommentOutputList'];
export type NotificationOutput = Schemas['NotificationOutput'];
export type NotificationPage = Schemas['PaginatedNotificationOutputList'];
export type DelegationOutput = Schemas['DelegationOutput'];
export type DelegationPage = Schemas['PaginatedDelegationOutputList'];
export type BulkDecisionResult = Schemas['BulkDecisionResult'];
export type ApprovalLinkOutput = Schemas['ApprovalLinkOutput'];
export type ApproverPage = Schemas['PaginatedApproverOutputList'];
export type AuditEventPage = Schemas['PaginatedAuditEventOutputList'];
export type AuditEvent = Schemas['AuditEventOutput'];
