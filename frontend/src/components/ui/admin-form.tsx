import { useState, type ReactNode } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';

import { applyServerErrors } from '@/lib/form-errors';

import { Button } from './button';
import { Card } from './page-header';
import { Alert } from './states';

type AdminFormProps<TValues extends FieldValues, TOutput> = {
  /** The card's heading, e.g. "New vendor" or "Edit Acme". */
  title: string;
  form: UseFormReturn<TValues, unknown, TOutput>;
  /** The form's fields: a server error on one of them goes on that field, the rest above the form. */
  fieldNames: readonly string[];
  /** Saves; a rejection is shown as the server's errors. */
  onSubmit: (input: TOutput) => Promise<unknown>;
  submitLabel: string;
  onCancel: () => void;
  /** The fields, laid out on a two-column grid (`sm:col-span-2` for a full-width one). */
  children: ReactNode;
};

/** The create/edit frame of the admin pages: heading, fields grid, server-error alert, save and cancel. */
export function AdminForm<TValues extends FieldValues, TOutput>({
  title,
  form,
  fieldNames,
  onSubmit,
  submitLabel,
  onCancel,
  children,
}: AdminFormProps<TValues, TOutput>) {
  const [formError, setFormError] = useState<string | null>(null);
  const submit = form.handleSubmit(async (input) => {
    setFormError(null);
    try {
      await onSubmit(input);
    } catch (error) {
      setFormError(applyServerErrors(error, form.setError, fieldNames));
    }
  });
  return (
    <Card title={title}>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        {formError && (
          <div className="sm:col-span-2">
            <Alert>{formError}</Alert>
          </div>
        )}
        {children}
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" loading={form.formState.isSubmitting}>
            {submitLabel}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
