import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';

import { Combobox, type ComboboxOption } from './combobox';

const PEOPLE = [
  { id: 1, name: 'Ada Lovelace' },
  { id: 2, name: 'Alan Turing' },
  { id: 3, name: 'Grace Hopper' },
];

function Picker({
  search,
  initial = null,
}: {
  search: (text: string) => Promise<ComboboxOption[]>;
  initial?: ComboboxOption | null;
}) {
  const [value, setValue] = useState<ComboboxOption | null>(initial);
  return (
    <>
      <Combobox label="Manager" value={value} onChange={setValue} search={search} />
      <p data-testid="chosen">{value ? value.id : 'none'}</p>
    </>
  );
}

function fakeSearch() {
  return vi.fn((text: string) =>
    Promise.resolve(PEOPLE.filter((person) => person.name.toLowerCase().includes(text.toLowerCase()))),
  );
}

describe('Combobox', () => {
  it('shows the chosen item’s name', () => {
    render(<Picker search={fakeSearch()} initial={PEOPLE[2] ?? null} />);
    expect(screen.getByRole('combobox', { name: 'Manager' })).toHaveValue('Grace Hopper');
    expect(screen.getByRole('combobox')).toHaveAttribute('aria-expanded', 'false');
  });

  it('searches once the typing pauses, and chooses with the arrow keys and Enter', async () => {
    const search = fakeSearch();
    const user = userEvent.setup();
    render(<Picker search={search} />);
    const input = screen.getByRole('combobox', { name: 'Manager' });
    await user.type(input, 'la');
    expect(await screen.findByRole('option', { name: 'Alan Turing' })).toBeInTheDocument();
    // Debounced: one search for the whole word, not one per keystroke.
    expect(search.mock.calls.map(([text]) => text)).toEqual(['la']);
    expect(input).toHaveAttribute('aria-expanded', 'true');
    const options = screen.getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(input).toHaveAttribute('aria-activedescendant', options[0]?.id);

    await user.keyboard('{ArrowDown}');
    expect(input).toHaveAttribute('aria-activedescendant', options[1]?.id);
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}{ArrowDown}{Enter}');
    expect(screen.getByTestId('chosen')).toHaveTextContent('2');
    expect(input).toHaveValue('Alan Turing');
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('Escape closes the list and puts back the chosen name', async () => {
    const user = userEvent.setup();
    render(<Picker search={fakeSearch()} initial={PEOPLE[0] ?? null} />);
    const input = screen.getByRole('combobox', { name: 'Manager' });
    await user.clear(input);
    await user.type(input, 'gr');
    await screen.findByRole('option', { name: 'Grace Hopper' });
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('option')).not.toBeInTheDocument();
    // Clearing the text chose nothing; Escape leaves it so.
    expect(screen.getByTestId('chosen')).toHaveTextContent('none');
    expect(input).toHaveValue('');
  });

  it('says when nothing matches', async () => {
    const user = userEvent.setup();
    render(<Picker search={fakeSearch()} />);
    await user.type(screen.getByRole('combobox', { name: 'Manager' }), 'zz');
    await waitFor(() => expect(screen.getByRole('listbox')).toHaveTextContent('No matches'));
  });
});
