const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Money arrives as a decimal string; it is formatted, never added up as a float. */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: 2 });
    } catch {
      format = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  // Intl accepts a decimal string exactly (no float rounding) in modern engines.
  return format.format(amount as unknown as number);
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString('en-GB', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "PENDING_APPROVAL" -> "Pending approval". */
export function humanize(value: string): string {
  const text = value.replace(/[_.]/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Sum of quantity × unit price in cents, exact for the amounts a form holds (up to 2 decimals
 * of price and 3 of quantity), so the live total matches the server's to the cent.
 */
export function lineTotalCents(quantity: string, unitPrice: string): bigint | null {
  const q = /^\s*(\d+)(?:\.(\d{1,3}))?\s*$/.exec(quantity);
  const p = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(unitPrice);
  if (!q || !p) return null;
  const qThousandths = BigInt(q[1] ?? '0') * 1000n + BigInt((q[2] ?? '').padEnd(3, '0'));
  const pCents = BigInt(p[1] ?? '0') * 100n + BigInt((p[2] ?? '').padEnd(2, '0'));
  const product = qThousandths * pCents; // cents × 1000
  // Round half up to the cent, as the server's ROUND_HALF_UP does.
  return (product + 500n) / 1000n;
}

export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** A decimal amount without a currency (budgets are kept in the company's currency). */
export function formatAmount(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    amount as unknown as number,
  );
}

/** The ISO date after `isoDate` ("2026-01-31" -> "2026-02-01"); an inclusive "until" for a
 * filter that is exclusive on the server. Anything not a date is returned as it is. */
export function dayAfter(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
