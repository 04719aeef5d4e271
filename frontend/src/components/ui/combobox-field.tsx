import { useState } from 'react';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';

import { Combobox, type ComboboxOption } from './combobox';

/** A Combobox bound to a form field holding the chosen id as a string ('' for none). */
export function ComboboxField<T extends FieldValues, Output extends FieldValues = T>({
  control,
  name,
  label,
  placeholder,
  initial,
  search,
}: {
  control: Control<T, unknown, Output>;
  name: Path<T>;
  label: string;
  placeholder?: string;
  /** The option the field starts with (its name is shown), or null. */
  initial: ComboboxOption | null;
  search: (text: string) => Promise<ComboboxOption[]>;
}) {
  const [chosen, setChosen] = useState(initial);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Combobox
          label={label}
          placeholder={placeholder}
          value={chosen}
          onChange={(option) => {
            setChosen(option);
            field.onChange(option ? String(option.id) : '');
          }}
          search={search}
          error={fieldState.error?.message}
        />
      )}
    />
  );
}
