import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';

import { server } from '@/testing/msw-server';
import { renderWithProviders } from '@/testing/render';
import type { DocumentDetail } from '@/types';

import { evidenceBoxes, ExtractedFields } from './extracted-fields';
import { PageImages } from './page-images';

type Extracted = NonNullable<DocumentDetail['extracted_data']>;

const data = {
  vendor_name: 'Acme Office Supplies',
  invoice_number: 'ACME-7781',
  invoice_date: '2026-11-02',
  due_date: null,
  currency: 'USD',
  po_number: null,
  subtotal: '251.50',
  tax: '25.15',
  total: '276.65',
  confidence: {
    vendor_name: 0.6,
    currency: 0.95,
    invoice_number: 0.9,
    invoice_date: 0.95,
    subtotal: 0.98,
    tax: 0.98,
    total: 0.98,
  },
  evidence: {
    // PDF points from the top left of an A4 page (595 x 842).
    vendor_name: { page: 1, box: [59.5, 42.1, 297.5, 67.4], text: 'Acme Office Supplies' },
    invoice_number: { page: 1, box: [59.5, 101.0, 238, 117.9], text: 'Invoice no.: ACME-7781' },
    total: { page: 2, box: [357, 421, 535.5, 437.8], text: 'Total due $276.65' },
  },
  page_sizes: [
    [595, 842],
    [595, 842],
  ],
} as unknown as Extracted;

function Screen() {
  const [focused, setFocused] = useState<string | null>(null);
  return (
    <>
      <ExtractedFields data={data} focused={focused} onFocusField={setFocused} />
      <PageImages
        documentId={9}
        pages={2}
        pageSizes={data.page_sizes ?? []}
        boxes={evidenceBoxes(data)}
        focused={focused}
      />
    </>
  );
}

describe('evidence on the page images', () => {
  beforeAll(() => {
    URL.createObjectURL = () => 'blob:page';
    URL.revokeObjectURL = () => undefined;
  });

  it('draws each field on its page and highlights the one focused', async () => {
    server.use(
      http.get('*/api/documents/9/pages/:number/', () =>
        HttpResponse.arrayBuffer(new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer, {
          headers: { 'Content-Type': 'image/png' },
        }),
      ),
    );
    const { user } = renderWithProviders(<Screen />);
    await waitFor(() => expect(screen.getAllByRole('img')).toHaveLength(2));
    const numberBox = screen.getByTestId('evidence-invoice_number');
    expect(screen.getByTestId('page-1')).toContainElement(numberBox);
    expect(screen.getByTestId('page-2')).toContainElement(screen.getByTestId('evidence-total'));
    expect(parseFloat(numberBox.style.left)).toBeCloseTo(9.6);
    expect(parseFloat(numberBox.style.top)).toBeCloseTo(11.6);
    expect(numberBox).not.toHaveAttribute('data-active');

    await user.tab(); // the first field with evidence: Vendor
    expect(screen.getByTestId('evidence-vendor_name')).toHaveAttribute('data-active', 'true');
    await user.tab();
    expect(numberBox).toHaveAttribute('data-active', 'true');
    expect(screen.getByRole('button', { name: 'Invoice number' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('evidence-vendor_name')).not.toHaveAttribute('data-active');
  });

  it('marks values read with low confidence for a person to check', () => {
    renderWithProviders(<ExtractedFields data={data} />);
    expect(screen.getAllByText('(low confidence: check it)')).toHaveLength(1); // the vendor, at 60 %
    expect(evidenceBoxes(data).find((box) => box.field === 'vendor_name')?.low).toBe(true);
    expect(evidenceBoxes(data).find((box) => box.field === 'total')?.low).toBe(false);
  });

  it('says when the values come from an e-invoice’s own XML', () => {
    renderWithProviders(<ExtractedFields data={{ ...data, source: 'xml', format: 'ubl' } as Extracted} />);
    expect(screen.getByRole('note')).toHaveTextContent('UBL XML');
  });
});
