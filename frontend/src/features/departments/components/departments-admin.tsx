import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { AdminForm } from '@/components/ui/admin-form';
import { Button } from '@/components/ui/button';
import { type ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Field, Input } from '@/components/ui/field';
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

/** Finds the users who may manage a department (passed in by the route: features do not import each other). */
export type SearchManagers = (text: string) => Promise<ComboboxOption[]>;

const managerOption = (manager: DepartmentOutput['manager']): ComboboxOption | null =>
  manager ? { id: manager.id, name: manager.full_name || manager.email } : null;

/** Departments with their budget and manager; admins create and edit them. */
export function DepartmentsAdmin({
  canManage,
  searchManagers,
}: {
  canManage: boolean;
  searchManagers: SearchManagers;
}) {
  const query = useDepartments();
  const [editing, setEditing] = useState<DepartmentOutput | 'new' | null>(null);
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
      cell: (department) => managerOption(department.manager)?.name ?? '—',
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
        <DepartmentForm
          title={editing === 'new' ? 'New department' : `Edit ${editing.name}`}
          key={editing === 'new' ? 'new' : editing.id}
          department={editing === 'new' ? undefined : editing}
          searchManagers={searchManagers}
          onDone={() => setEditing(null)}
        />
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
  title,
  department,
  searchManagers,
  onDone,
}: {
  title: string;
  department?: DepartmentOutput;
  searchManagers: SearchManagers;
  onDone: () => void;
}) {
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const form = useForm<DepartmentFormValues, unknown, DepartmentInput>({
    resolver: zodResolver(departmentInputSchema),
    defaultValues: {
      name: department?.name ?? '',
      code: department?.code ?? '',
      annual_budget: department?.annual_budget ?? '0.00',
      manager: department?.manager ? String(department.manager.id) : '',
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
      fieldNames={DEPARTMENT_FIELDS}
      onSubmit={async (input) => {
        if (department) await update.mutateAsync({ id: department.id, input });
        else await create.mutateAsync(input);
        notify('success', 'Department saved.');
        onDone();
      }}
      submitLabel="Save department"
      onCancel={onDone}
    >
      <Field label="Name" error={errors.name?.message}>
        {(props) => <Input {...props} {...register('name')} />}
      </Field>
      <Field label="Code" error={errors.code?.message}>
        {(props) => <Input {...props} {...register('code')} />}
      </Field>
      <Field label="Annual budget" error={errors.annual_budget?.message}>
        {(props) => <Input {...props} inputMode="decimal" {...register('annual_budget')} />}
      </Field>
      <ComboboxField
        control={form.control}
        name="manager"
        label="Manager"
        placeholder="No manager: type a name to search"
        initial={managerOption(department?.manager ?? null)}
        search={searchManagers}
      />
    </AdminForm>
  );
}
