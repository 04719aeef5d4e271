import { useEffect, useState } from 'react';

import { Combobox, type ComboboxOption } from './combobox';

/**
 * A list filter over a list too long for a select (vendors, departments): search to choose one,
 * clear the text for "all". The value is the chosen id in the URL; its name is looked up once.
 */
export function FilterCombobox({
  label,
  placeholder,
  value,
  search,
  resolve,
  onChange,
}: {
  label: string;
  placeholder: string;
  /** The id in the URL ('' for all). */
  value: string;
  search: (text: string) => Promise<ComboboxOption[]>;
  /** The option of an id (e.g. GET /api/vendors/{id}/), for a filter opened from a link. */
  resolve: (id: number) => Promise<ComboboxOption>;
  onChange: (value: string) => void;
}) {
  const [chosen, setChosen] = useState<ComboboxOption | null>(null);
  const id = Number(value) || null;

  useEffect(() => {
    if (id === null || chosen?.id === id) return;
    let current = true;
    resolve(id).then(
      (option) => current && setChosen(option),
      () => current && setChosen({ id, name: `#${id}` }),
    );
    return () => {
      current = false;
    };
  }, [id, chosen?.id, resolve]);

  return (
    <Combobox
      label={label}
      placeholder={placeholder}
      className="w-56"
      value={id === null ? null : chosen}
      onChange={(option) => {
        setChosen(option);
        onChange(option ? String(option.id) : '');
      }}
      search={search}
    />
  );
}
