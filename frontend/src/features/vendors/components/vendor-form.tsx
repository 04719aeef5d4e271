import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/field';
import { Alert } from '@/components/ui/states';
import { applyServerErrors } from '@/lib/form-errors';
import type { VendorOutput } from '@/types';

import { VENDOR_FIELDS, vendorInputSchema, type VendorFormValues, type VendorInput } from '../api/create-vendor';

export function VendorForm({
  vendor,
  onSubmit,
  onCancel,
}: {
  vendor?: VendorOutput;
  onSubmit: (input: VendorInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<VendorFormValues, unknown, VendorInput>({
    resolver: zodResolver(vendorInputSchema),
    defaultValues: {
      name: vendor?.name ?? '',
      email: vendor?.email ?? '',
      phone: vendor?.phone ?? '',
      address: vendor?.address ?? '',
      tax_id: vendor?.tax_id ?? '',
      currency: vendor?.currency ?? 'USD',
      is_active: vendor?.is_active ?? true,
    },
  });
  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      await onSubmit(input);
    } catch (error) {
      setFormError(applyServerErrors(error, setError, VENDOR_FIELDS));
    }
  });
  return (
    <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      {formError && (
        <div className="sm:col-span-2">
          <Alert>{formError}</Alert>
        </div>
      )}
      <Field label="Name" error={errors.name?.message}>
        {(props) => <Input {...props} {...register('name')} />}
      </Field>
      <Field label="Email" error={errors.email?.message}>
        {(props) => <Input {...props} type="email" {...register('email')} />}
      </Field>
      <Field label="Phone" error={errors.phone?.message}>
        {(props) => <Input {...props} {...register('phone')} />}
      </Field>
      <Field label="Tax ID" error={errors.tax_id?.message}>
        {(props) => <Input {...props} {...register('tax_id')} />}
      </Field>
      <Field label="Currency" error={errors.currency?.message}>
        {(props) => <Input {...props} maxLength={3} className="uppercase" {...register('currency')} />}
      </Field>
      <label className="flex items-center gap-2 self-end pb-2 text-sm text-slate-700">
        <input type="checkbox" className="h-4 w-4" {...register('is_active')} /> Active
      </label>
      <Field label="Address" error={errors.address?.message} className="sm:col-span-2">
        {(props) => <Textarea {...props} rows={2} {...register('address')} />}
      </Field>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" loading={isSubmitting}>
          {vendor ? 'Save vendor' : 'Create vendor'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
