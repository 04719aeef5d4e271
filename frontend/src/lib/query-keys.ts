/**
 * The root of each feature's query keys. A feature builds its keys under its root (in its
 * queryOptions factories); a mutation that changes another feature's data invalidates that
 * root from here, so features never import each other.
 */
export const rootKeys = {
  auth: ['auth'] as const,
  dashboard: ['dashboard'] as const,
  purchaseRequests: ['purchase-requests'] as const,
  approvals: ['approvals'] as const,
  purchaseOrders: ['purchase-orders'] as const,
  documents: ['documents'] as const,
  tasks: ['tasks'] as const,
  vendors: ['vendors'] as const,
  departments: ['departments'] as const,
  users: ['users'] as const,
  reports: ['reports'] as const,
  exchangeRates: ['exchange-rates'] as const,
  invoices: ['invoices'] as const,
  payments: ['payments'] as const,
  discussions: ['discussions'] as const,
  notifications: ['notifications'] as const,
  delegations: ['delegations'] as const,
  audit: ['audit'] as const,
};
