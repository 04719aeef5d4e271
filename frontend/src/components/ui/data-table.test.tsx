import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ApiError } from '@/lib/api-client';

import { DataTable, type DataTableColumn, type DataTableQuery } from './data-table';

type Row = { id: number; name: string; total: string };
type Data = { results: Row[] };

const COLUMNS: DataTableColumn<Row>[] = [
  { id: 'name', header: 'Name', cell: (row) => row.name },
  { id: 'total', header: 'Total', align: 'right', cell: (row) => row.total },
  { id: 'actions', header: 'Actions', srOnly: true, cell: (row) => <button type="button">Edit {row.name}</button> },
];

function query(overrides: Partial<DataTableQuery<Data>>): DataTableQuery<Data> {
  return { isPending: false, isError: false, error: null, data: undefined, refetch: vi.fn(), ...overrides };
}

function renderTable(state: DataTableQuery<Data>, extra: { onSort?: (ordering: string) => void } = {}) {
  const { onSort } = extra;
  const columns = onSort
    ? COLUMNS.map((column) =>
        column.id === 'name' ? { ...column, sort: { field: 'name', ordering: 'name', onSort } } : column,
      )
    : COLUMNS;
  return render(
    <DataTable
      query={state}
      rows={(data) => data.results}
      rowKey={(row) => row.id}
      caption="Things"
      loadingLabel="Loading things"
      emptyTitle="No things"
      emptyText="Add one."
      columns={columns}
      after={() => <p>After the table</p>}
    />,
  );
}

describe('DataTable', () => {
  it('shows a labelled skeleton while loading', () => {
    renderTable(query({ isPending: true }));
    expect(screen.getByRole('status', { name: 'Loading things' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the error with a retry that refetches', async () => {
    const refetch = vi.fn();
    renderTable(
      query({ isError: true, error: new ApiError(500, { code: 'error', detail: 'Server exploded.' }), refetch }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('This could not be loaded');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state when there are no rows, and nothing after the table', () => {
    renderTable(query({ data: { results: [] } }));
    expect(screen.getByText('No things')).toBeInTheDocument();
    expect(screen.getByText('Add one.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByText('After the table')).not.toBeInTheDocument();
  });

  it('renders an accessible table of the rows', () => {
    renderTable(
      query({
        data: {
          results: [
            { id: 1, name: 'Paper', total: '10.00' },
            { id: 2, name: 'Toner', total: '89.00' },
          ],
        },
      }),
    );
    const table = screen.getByRole('table', { name: 'Things' });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((header) => header.textContent)).toEqual(['Name', 'Total', 'Actions']);
    for (const header of headers) expect(header).toHaveAttribute('scope', 'col');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('cell', { name: '89.00' })).toHaveClass('text-right');
    expect(within(table).getByRole('button', { name: 'Edit Toner' })).toBeInTheDocument();
    expect(screen.getByText('After the table')).toBeInTheDocument();
  });

  it('a sortable column is a sort button with aria-sort', async () => {
    const onSort = vi.fn();
    renderTable(query({ data: { results: [{ id: 1, name: 'Paper', total: '10.00' }] } }), { onSort });
    const header = screen.getByRole('columnheader', { name: /Name/ });
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    await userEvent.click(within(header).getByRole('button'));
    expect(onSort).toHaveBeenCalledWith('-name');
  });
});
