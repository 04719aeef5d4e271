import { render, screen } from '@testing-library/react';

import { ExportLinks } from './export-links';

describe('ExportLinks', () => {
  it('links to every row the filters select, without the page, as CSV and XLSX', () => {
    render(
      <ExportLinks
        path="/api/purchase-requests/"
        params={{ search: 'desk', status: ['PENDING_APPROVAL'], page: 3, page_size: 25 }}
      />,
    );
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/purchase-requests/?search=desk&status=PENDING_APPROVAL&format=csv',
    );
    expect(screen.getByRole('link', { name: 'Export XLSX' })).toHaveAttribute(
      'href',
      '/api/purchase-requests/?search=desk&status=PENDING_APPROVAL&format=xlsx',
    );
  });
});
