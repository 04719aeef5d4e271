import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';

import { AdminForm } from '@/components/ui/admin-form';
import { Field, Input, Textarea } from '@/components/ui/field';
import type { VendorOutput } from '@/types';

import { VENDOR_FIELDS, vendorInputSchema, type VendorFormValues, type VendorInput } from '../api/create-vendor';

export function VendorForm({
  title,
  vendor,
  onSubmit,
  onCancel,
}: {
  title: string;
  vendor?: VendorOutput;
  onSubmit: (input: VendorInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const form = useForm<VendorFormValues, unknown, VendorInput>({
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
  const {
    register,
    formState: { errors },
  } = form;
  return (
    <AdminForm
      title={title}
      form={form}
      fieldNames={VENDOR_FIELDS}
      onSubmit={onSubmit}
      submitLabel={vendor ? 'Save vendor' : 'Create vendor'}
      onCancel={onCancel}
    >
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
    </AdminForm>
  );
}
