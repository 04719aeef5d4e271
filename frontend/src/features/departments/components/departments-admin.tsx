import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Field, Input, Select } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/states';
import { applyServerErrors } from '@/lib/form-errors';
import { formatAmount } from '@/lib/format';
import { notify } from '@/stores/ui-store';
import type { DepartmentOutput } from '@/types';

import {
  DEPARTMENT_FIELDS,
  departmentInputSchema,
  useCreateDepartment,
  type DepartmentFormValues,
  type DepartmentInput,
} from '../api/create-department';
import { useDepartments } from '../api/get-departments';
import { useUpdateDepartment } from '../api/update-department';

export type ManagerOption = { id: number; label: string };

/** Departments with their budget and manager; admins create and edit them. */
export function DepartmentsAdmin({ canManage, managers }: { canManage: boolean; managers: ManagerOption[] }) {
  const query = useDepartments();
  const [editing, setEditing] = useState<DepartmentOutput | 'new' | null>(null);
  const managerName = (id: number | null | undefined) => managers.find((manager) => manager.id === id)?.label ?? '—';
  const columns: DataTableColumn<DepartmentOutput>[] = [
    { id: 'code', header: 'Code', cellClassName: 'font-medium', cell: (department) => department.code },
    { id: 'name', header: 'Name', cell: (department) => department.name },
    {
      id: 'annual_budget',
      header: 'Annual budget',
      align: 'right',
      cell: (department) => formatAmount(department.annual_budget),
    },
    {
      id: 'manager',
      header: 'Manager',
      className: 'hidden sm:table-cell',
      cell: (department) => managerName(department.manager),
    },
  ];
  if (canManage)
    columns.push({
      id: 'actions',
      header: 'Actions',
      srOnly: true,
      cellClassName: 'text-right',
      cell: (department) => (
        <Button size="sm" variant="ghost" onClick={() => setEditing(department)} aria-label={`Edit ${department.name}`}>
          Edit
        </Button>
      ),
    });
  return (
    <div className="space-y-4">
      {editing && (
        <Card title={editing === 'new' ? 'New department' : `Edit ${editing.name}`}>
          <DepartmentForm
            key={editing === 'new' ? 'new' : editing.id}
            department={editing === 'new' ? undefined : editing}
            managers={managers}
            onDone={() => setEditing(null)}
          />
        </Card>
      )}
      {canManage && !editing && <Button onClick={() => setEditing('new')}>New department</Button>}
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(department) => department.id}
        caption="Departments"
        loadingLabel="Loading departments"
        emptyTitle="No departments"
        columns={columns}
      />
    </div>
  );
}

function DepartmentForm({
  department,
  managers,
  onDone,
}: {
  department?: DepartmentOutput;
  managers: ManagerOption[];
  onDone: () => void;
}) {
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<DepartmentFormValues, unknown, DepartmentInput>({
    resolver: zodResolver(departmentInputSchema),
    defaultValues: {
      name: department?.name ?? '',
      code: department?.code ?? '',
      annual_budget: department?.annual_budget ?? '0.00',
      manager: department?.manager ? String(department.manager) : '',
    },
  });
  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      if (department) await update.mutateAsync({ id: department.id, input });
      else await create.mutateAsync(input);
      notify('success', 'Department saved.');
      onDone();
    } catch (error) {
      setFormError(applyServerErrors(error, setError, DEPARTMENT_FIELDS));
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
      <Field label="Code" error={errors.code?.message}>
        {(props) => <Input {...props} {...register('code')} />}
      </Field>
      <Field label="Annual budget" error={errors.annual_budget?.message}>
        {(props) => <Input {...props} inputMode="decimal" {...register('annual_budget')} />}
      </Field>
      <Field label="Manager" error={errors.manager?.message}>
        {(props) => (
          <Select {...props} {...register('manager')}>
            <option value="">No manager</option>
            {managers.map((manager) => (
              <option key={manager.id} value={manager.id}>
                {manager.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" loading={isSubmitting}>
          Save department
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
