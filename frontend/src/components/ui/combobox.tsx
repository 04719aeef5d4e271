import { useEffect, useId, useRef, useState } from 'react';

import { cn } from '@/lib/cn';

import { Field, Input } from './field';

export type ComboboxOption = { id: number; name: string };

type ComboboxProps = {
  label: string;
  /** The chosen item (its name is shown in the input), or null. */
  value: ComboboxOption | null;
  onChange: (option: ComboboxOption | null) => void;
  /** Finds the items matching `text` (e.g. GET /api/users/?search=text); the caller owns the API. */
  search: (text: string) => Promise<ComboboxOption[]>;
  placeholder?: string;
  error?: string;
  className?: string;
  /** Milliseconds between the last keystroke and the search. */
  debounceMs?: number;
};

/**
 * A search-backed picker (the ARIA combobox pattern): type to search, up/down to move, Enter to
 * choose, Escape to close. Clearing the text and leaving chooses nothing.
 */
export function Combobox({
  label,
  value,
  onChange,
  search,
  placeholder,
  error,
  className,
  debounceMs = 250,
}: ComboboxProps) {
  const listId = useId();
  const [text, setText] = useState(value?.name ?? '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<ComboboxOption[]>([]);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);
  const request = useRef(0);
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => setText(value?.name ?? ''), [value?.name]);

  useEffect(() => {
    if (!open) return;
    const id = ++request.current;
    setLoading(true);
    const timer = setTimeout(() => {
      searchRef.current(text).then(
        (found) => {
          if (id !== request.current) return; // an older answer after a newer search
          setOptions(found);
          setActive(found.length ? 0 : -1);
          setLoading(false);
        },
        () => {
          if (id !== request.current) return;
          setOptions([]);
          setLoading(false);
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [open, text, debounceMs]);

  const close = () => {
    request.current++;
    setOpen(false);
    setActive(-1);
    setLoading(false);
  };
  const choose = (option: ComboboxOption) => {
    onChange(option);
    setText(option.name);
    close();
  };
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <Field label={label} error={error} className={className}>
      {(props) => (
        <div className="relative">
          <Input
            {...props}
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
            autoComplete="off"
            placeholder={placeholder}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setOpen(true);
              if (event.target.value === '' && value) onChange(null);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => {
              close();
              setText(value?.name ?? '');
            }}
            onKeyDown={(event) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                if (!open) setOpen(true);
                else setActive((index) => Math.min(index + 1, options.length - 1));
              } else if (event.key === 'ArrowUp') {
                event.preventDefault();
                setActive((index) => Math.max(index - 1, 0));
              } else if (event.key === 'Enter' && open) {
                event.preventDefault(); // not the form's submit
                const option = options[active];
                if (option) choose(option);
              } else if (event.key === 'Escape' && open) {
                event.preventDefault();
                close();
                setText(value?.name ?? '');
              }
            }}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label={label}
            hidden={!open}
            className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          >
            {loading && options.length === 0 ? (
              <li className="px-3 py-2 text-slate-500">Searching…</li>
            ) : options.length === 0 ? (
              <li className="px-3 py-2 text-slate-500">No matches</li>
            ) : (
              options.map((option, index) => (
                <li
                  key={option.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  className={cn('cursor-pointer px-3 py-2', index === active && 'bg-indigo-50 text-indigo-900')}
                  // mousedown, not click: the input's blur would close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    choose(option);
                  }}
                >
                  {option.name}
                </li>
              ))
            )}
          </ul>
        </div>
      )}
    </Field>
  );
}
