import { render, screen, within } from '@testing-library/react';

import { LineItemsTable } from './line-items-table';

const LINES = [
  {
    id: 1,
    description: 'Printer paper A4, box',
    quantity: '3.00',
    unit_price: '24.50',
    line_total: '73.50',
    received: '1',
  },
  { id: 2, description: 'Toner cartridge', quantity: '2.00', unit_price: '89.00', line_total: '178.00', received: '0' },
];

describe('LineItemsTable', () => {
  it('shows each line and the total under a caption', () => {
    render(<LineItemsTable lines={LINES} currency="USD" total="251.50" />);
    const table = screen.getByRole('table', { name: 'Line items' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Item', 'Quantity', 'Unit price', 'Line total']);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent('Printer paper A4, box');
    expect(rows[1]).toHaveTextContent('3');
    expect(rows[3]).toHaveTextContent(/Total.*251\.50/);
  });

  it('takes further columns after the quantity', () => {
    render(
      <LineItemsTable
        lines={LINES}
        currency="USD"
        total="251.50"
        caption="Order lines"
        quantityHeader="Ordered"
        extraColumns={[{ id: 'received', header: 'Received', align: 'right', cell: (line) => Number(line.received) }]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Order lines' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Item', 'Ordered', 'Received', 'Unit price', 'Line total']);
    expect(within(table).getAllByRole('cell')[4]).toHaveTextContent('$73.50');
    expect(within(table).getByText('Total')).toHaveAttribute('colspan', '4');
  });
});
