// Names for the generated OpenAPI types (src/types/api.ts, from /api/schema/: `npm run types`).
import type { components } from './api';

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
export type GoodsReceipt = Schemas['GoodsReceiptOutput'];
export type DocumentListItem = Schemas['DocumentListOutput'];
export type DocumentDetail = Schemas['DocumentOutput'];
export type DocumentType = Schemas['DocumentTypeEnum'];
export type UploadOutput = Schemas['UploadOutput'];
export type TaskStatus = Schemas['TaskStatusOutput'];
export type TaskState = Schemas['StateEnum'];
export type SpendingRow = Schemas['SpendingRow'];

/**
 * Every list endpoint answers one page in this envelope (API.md). The schema describes the lists
 * as bare arrays, so the envelope is named here once.
 */
export type Paginated<T> = {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
};

/** The error envelope of API.md. */
export type ApiErrorBody = {
  code: string;
  detail: string;
  fields?: Record<string, unknown>;
};
