import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';

import { apiError, recordRequests, server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { ExchangeRate, ExchangeRateImportResult } from '@/types';

import { ExchangeRatesAdmin, formatRate, todayIso } from './exchange-rates-admin';

const LIST = '*/api/exchange-rates/';
const IMPORT = '*/api/exchange-rates/import/';

const rate = (id: number, currency: string, date: string, value: string, extra: Partial<ExchangeRate> = {}) =>
  ({
    id,
    currency,
    date,
    rate: value,
    source: 'manual',
    created_by: { id: 7, email: 'finance@example.com', full_name: 'Fiona Finance' },
    created_at: `${date}T09:00:00Z`,
    ...extra,
  }) as ExchangeRate;

const page = (results: ExchangeRate[]) => ({ count: results.length, next: null, previous: null, results });

/** The list answers `rows`, or only the rows of ?currency= when it is given; every query string is kept. */
function serveList(rows: ExchangeRate[]) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(LIST, ({ request }) => {
      const params = new URL(request.url).searchParams;
      queries.push(params);
      const currency = params.get('currency');
      return HttpResponse.json(page(currency ? rows.filter((row) => row.currency === currency) : rows));
    }),
  );
  return queries;
}

const ROWS = [
  rate(1, 'EUR', '2026-03-02', '1.0842000000'),
  rate(2, 'GBP', '2026-03-02', '1.2700000000', { source: 'ecb', created_by: null }),
];

describe('ExchangeRatesAdmin list', () => {
  it('shows each rate with its currency, day, rate, source and who entered it', async () => {
    serveList(ROWS);
    renderWithProviders(<ExchangeRatesAdmin />);

    const table = await screen.findByRole('table', { name: 'Exchange rates' });
    const [, eur, gbp] = within(table).getAllByRole('row');
    expect(eur).toHaveTextContent(/EUR\s*2 Mar 2026\s*1\.0842\s*Entered by hand\s*Fiona Finance/);
    expect(gbp).toHaveTextContent(/GBP.*1\.2700\s*ECB file\s*—/);
  });

  it('filters by a whole currency code, upper-cased, kept in the URL', async () => {
    const queries = serveList(ROWS);
    const { user, router } = renderWithProviders(<ExchangeRatesAdmin />);
    await screen.findByRole('table', { name: 'Exchange rates' });

    await user.type(screen.getByLabelText('Filter by currency'), 'gb');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(queries.every((query) => !query.has('currency'))).toBe(true); // two letters filter nothing yet

    await user.type(screen.getByLabelText('Filter by currency'), 'p');
    await waitFor(() => expect(router.state.location.search).toBe('?currency=GBP'));
    await waitFor(() => expect(screen.queryByText('EUR')).not.toBeInTheDocument());
    expect(queries.at(-1)?.get('currency')).toBe('GBP');
    expect(screen.getByText('GBP')).toBeInTheDocument();
  });

  it('says so when a currency has no rates', async () => {
    serveList(ROWS);
    renderWithProviders(<ExchangeRatesAdmin />, { url: '/?currency=JPY' });
    expect(await screen.findByText('No rates for JPY')).toBeInTheDocument();
  });
});

describe('ExchangeRatesAdmin add a rate', () => {
  it('sends currency, today by default and the rate, then reloads the list', async () => {
    const rows = [...ROWS];
    const queries = serveList(rows);
    const bodies: unknown[] = [];
    server.use(
      http.post(LIST, async ({ request }) => {
        const body = (await request.json()) as { currency: string; date: string; rate: string };
        bodies.push(body);
        rows.unshift(rate(3, body.currency, body.date, `${body.rate}000000`));
        return HttpResponse.json(rows[0], { status: 201 });
      }),
    );
    const log = recordRequests();
    const { user } = renderWithProviders(<ExchangeRatesAdmin />);
    await screen.findByRole('table', { name: 'Exchange rates' });

    await user.click(screen.getByRole('button', { name: 'Add a rate' }));
    expect(screen.getByLabelText('Date')).toHaveValue(todayIso());
    await user.type(screen.getByLabelText('Currency'), 'chf');
    await user.type(screen.getByLabelText('Rate'), '1.1317');
    const listsBefore = queries.length;
    await user.click(screen.getByRole('button', { name: 'Save rate' }));

    await waitFor(() => expect(bodies).toEqual([{ currency: 'CHF', date: todayIso(), rate: '1.1317' }]));
    expect(log.requests.find((request) => request.method === 'POST')?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(await screen.findByText('CHF')).toBeInTheDocument();
    expect(queries.length).toBeGreaterThan(listsBefore);
    expect(screen.queryByRole('heading', { name: 'Add a rate' })).not.toBeInTheDocument();
  });

  it('checks the rate before sending and puts the server’s errors on their fields', async () => {
    serveList(ROWS);
    const log = recordRequests();
    server.use(
      http.post(LIST, () =>
        apiError(400, 'validation_error', 'USD is the base currency: its rate is always 1.', {
          currency: ['The base currency needs no rate.'],
        }),
      ),
    );
    const { user } = renderWithProviders(<ExchangeRatesAdmin />);
    await screen.findByRole('table', { name: 'Exchange rates' });
    await user.click(screen.getByRole('button', { name: 'Add a rate' }));
    await user.type(screen.getByLabelText('Currency'), 'USD');
    await user.type(screen.getByLabelText('Rate'), '0');
    await user.click(screen.getByRole('button', { name: 'Save rate' }));
    expect(await screen.findByText('A rate above 0')).toBeInTheDocument();
    expect(log.count('POST', '/api/exchange-rates/')).toBe(0);

    await user.clear(screen.getByLabelText('Rate'));
    await user.type(screen.getByLabelText('Rate'), '1');
    await user.click(screen.getByRole('button', { name: 'Save rate' }));
    expect(await screen.findByText('The base currency needs no rate.')).toBeInTheDocument();
    expect(screen.getByLabelText('Currency')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('ExchangeRatesAdmin import', () => {
  const csv = (text = 'currency,date,rate\nEUR,2026-03-02,1.08\n') =>
    new File([text], 'rates.csv', { type: 'text/csv' });

  async function openImport() {
    const view = renderWithProviders(<ExchangeRatesAdmin />);
    await screen.findByRole('table', { name: 'Exchange rates' });
    await view.user.click(screen.getByRole('button', { name: 'Import a file' }));
    return view;
  }

  it('uploads the file as multipart and shows what was created, replaced and unchanged', async () => {
    const queries = serveList(ROWS);
    let sent: { type: string | null; hasFile: boolean } | null = null;
    server.use(
      http.post(IMPORT, async ({ request }) => {
        // (jsdom's File does not survive the test fetch's body: its part is there, not its bytes)
        sent = { type: request.headers.get('Content-Type'), hasFile: (await request.formData()).has('file') };
        return HttpResponse.json({
          base_currency: 'USD',
          created: 12,
          replaced: 3,
          unchanged: 1,
        } satisfies ExchangeRateImportResult);
      }),
    );
    const { user } = await openImport();
    const listsBefore = queries.length;

    await user.upload(screen.getByLabelText('Rate file'), csv());
    await user.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('Created 12, replaced 3, unchanged 1 (rates in USD).')).toBeInTheDocument();
    expect(sent).toEqual({ type: expect.stringMatching(/^multipart\/form-data; boundary=/), hasFile: true });
    await waitFor(() => expect(queries.length).toBeGreaterThan(listsBefore));
  });

  it('lists the server’s bad lines under the file field', async () => {
    serveList(ROWS);
    server.use(
      http.post(IMPORT, () =>
        apiError(400, 'invalid_rate_file', 'The file has 2 invalid row(s); nothing was imported.', {
          file: ["Line 3: 'abc' is not a number.", "Line 5: '2026-13-01' is not a date as YYYY-MM-DD."],
        }),
      ),
    );
    const { user } = await openImport();
    await user.upload(screen.getByLabelText('Rate file'), csv());
    await user.click(screen.getByRole('button', { name: 'Import' }));

    expect(await screen.findByText('Nothing was imported: 2 lines to fix.')).toBeInTheDocument();
    const lines = screen.getByRole('list', { name: 'Lines to fix' });
    expect(
      within(lines)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(["Line 3: 'abc' is not a number.", "Line 5: '2026-13-01' is not a date as YYYY-MM-DD."]);
    expect(screen.getByLabelText('Rate file')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows a single server error on the field itself', async () => {
    serveList(ROWS);
    server.use(
      http.post(IMPORT, () =>
        apiError(400, 'invalid_rate_file', 'The CSV needs a header row.', {
          file: ['Expected the columns currency, date, rate.'],
        }),
      ),
    );
    const { user } = await openImport();
    await user.upload(screen.getByLabelText('Rate file'), csv('EUR;2026-03-02;1.08\n'));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Expected the columns currency, date, rate.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Lines to fix' })).not.toBeInTheDocument();
  });

  it('explains a 413, and refuses an empty file before sending it', async () => {
    serveList(ROWS);
    const log = recordRequests();
    server.use(http.post(IMPORT, () => new HttpResponse('Request Entity Too Large', { status: 413 })));
    const { user } = await openImport();

    await user.upload(screen.getByLabelText('Rate file'), csv(''));
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('The file is empty')).toBeInTheDocument();
    expect(log.count('POST', '/api/exchange-rates/import/')).toBe(0);

    await user.upload(screen.getByLabelText('Rate file'), csv());
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('The file is too large: the limit is 2.0 MB.')).toBeInTheDocument();
  });
});

describe('formatRate', () => {
  it('keeps four decimals at least and drops the trailing zeros past them', () => {
    expect(formatRate('1.0842000000')).toBe('1.0842');
    expect(formatRate('1.0000000000')).toBe('1.0000');
    expect(formatRate('0.0000123400')).toBe('0.00001234');
  });
});
