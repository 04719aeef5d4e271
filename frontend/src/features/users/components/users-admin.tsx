import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { AdminForm } from '@/components/ui/admin-form';
import { Button } from '@/components/ui/button';
import { type ComboboxOption } from '@/components/ui/combobox';
import { ComboboxField } from '@/components/ui/combobox-field';
import { DataTable } from '@/components/ui/data-table';
import { Field, Input, Select } from '@/components/ui/field';
import { enumOptions, FilterSelect } from '@/components/ui/filter-select';
import { Pagination } from '@/components/ui/pagination';
import { formatAmount, humanize } from '@/lib/format';
import { oneOf, useKeepPageInRange, useListParams } from '@/lib/use-list-params';
import { notify } from '@/stores/ui-store';
import type { UserOutput } from '@/types';

import {
  ROLES,
  USER_FIELDS,
  userCreateInputSchema,
  userUpdateInputSchema,
  useCreateUser,
  type UserCreateInput,
  type UserFormValues,
} from '../api/create-user';
import { searchActiveUsers, useUsers } from '../api/get-users';
import { useUpdateUser } from '../api/update-user';

const PAGE_SIZE = 25;
const PARAM_KEYS = ['role'] as const;

/** Finds departments by name or code; the route passes the departments API (features do not import each other). */
export type SearchDepartments = (text: string) => Promise<ComboboxOption[]>;

export function UsersAdmin({ searchDepartments }: { searchDepartments: SearchDepartments }) {
  const { values, page, update } = useListParams(PARAM_KEYS);
  const query = useUsers({ role: oneOf(ROLES, values.role), page, page_size: PAGE_SIZE });
  useKeepPageInRange(page, query, update);
  const [editing, setEditing] = useState<UserOutput | 'new' | null>(null);

  return (
    <div className="space-y-4">
      {editing && (
        <UserForm
          title={editing === 'new' ? 'New user' : `Edit ${editing.email}`}
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? undefined : editing}
          searchDepartments={searchDepartments}
          onDone={() => setEditing(null)}
        />
      )}
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect
          label="Role"
          allLabel="All roles"
          value={values.role}
          options={enumOptions(ROLES, humanize)}
          onChange={(role) => update({ role })}
        />
        {!editing && <Button onClick={() => setEditing('new')}>New user</Button>}
      </div>
      <DataTable
        query={query}
        rows={(data) => data.results}
        rowKey={(user) => user.id}
        caption="Users"
        loadingLabel="Loading users"
        emptyTitle="No users"
        columns={[
          {
            id: 'user',
            header: 'User',
            cell: (user) => (
              <>
                <div className="font-medium">{user.full_name || '—'}</div>
                <div className="text-xs text-slate-500">{user.email}</div>
              </>
            ),
          },
          { id: 'role', header: 'Role', cell: (user) => humanize(user.role ?? 'requester') },
          {
            id: 'department',
            header: 'Department',
            className: 'hidden md:table-cell',
            cell: (user) => user.department?.name ?? '—',
          },
          {
            id: 'spending_limit',
            header: 'Spending limit',
            align: 'right',
            className: 'hidden md:table-cell',
            cell: (user) => formatAmount(user.spending_limit),
          },
          {
            id: 'approval_limit',
            header: 'Approval limit',
            align: 'right',
            className: 'hidden md:table-cell',
            cell: (user) => formatAmount(user.approval_limit),
          },
          { id: 'status', header: 'Status', cell: (user) => (user.is_active === false ? 'Inactive' : 'Active') },
          {
            id: 'actions',
            header: 'Actions',
            srOnly: true,
            cellClassName: 'text-right',
            cell: (user) => (
              <Button size="sm" variant="ghost" onClick={() => setEditing(user)} aria-label={`Edit ${user.email}`}>
                Edit
              </Button>
            ),
          },
        ]}
        after={(data) => (
          <Pagination page={page} pageSize={PAGE_SIZE} count={data.count} onPage={(next) => update({ page: next })} />
        )}
      />
    </div>
  );
}

function UserForm({
  title,
  user,
  searchDepartments,
  onDone,
}: {
  title: string;
  user?: UserOutput;
  searchDepartments: SearchDepartments;
  onDone: () => void;
}) {
  const create = useCreateUser();
  const update = useUpdateUser();
  const form = useForm<UserFormValues, unknown, UserCreateInput>({
    // Editing validates with the update schema: an empty password keeps the current one.
    resolver: zodResolver((user ? userUpdateInputSchema : userCreateInputSchema) as typeof userCreateInputSchema),
    defaultValues: {
      email: user?.email ?? '',
      full_name: user?.full_name ?? '',
      role: user?.role ?? 'requester',
      department: user?.department ? String(user.department.id) : '',
      manager: user?.manager ? String(user.manager.id) : '',
      spending_limit: user?.spending_limit ?? '0.00',
      approval_limit: user?.approval_limit ?? '0.00',
      is_active: user?.is_active ?? true,
      password: '',
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
      fieldNames={USER_FIELDS}
      onSubmit={async (input) => {
        if (user) await update.mutateAsync({ id: user.id, input });
        else await create.mutateAsync(input);
        notify('success', 'User saved.');
        onDone();
      }}
      submitLabel="Save user"
      onCancel={onDone}
    >
      <Field label="Email" error={errors.email?.message}>
        {(props) => <Input {...props} type="email" autoComplete="off" {...register('email')} />}
      </Field>
      <Field label="Full name" error={errors.full_name?.message}>
        {(props) => <Input {...props} {...register('full_name')} />}
      </Field>
      <Field label="Role" error={errors.role?.message}>
        {(props) => (
          <Select {...props} {...register('role')}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {humanize(role)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <ComboboxField
        control={form.control}
        name="department"
        label="Department"
        placeholder="No department: type a name to search"
        initial={user?.department ?? null}
        search={searchDepartments}
      />
      {/* A user is not their own manager (the server refuses cycles too). */}
      <ComboboxField
        control={form.control}
        name="manager"
        label="Manager"
        placeholder="No manager: type a name to search"
        initial={user?.manager ? { id: user.manager.id, name: user.manager.full_name || user.manager.email } : null}
        search={async (text) => (await searchActiveUsers(text)).filter((option) => option.id !== user?.id)}
      />
      <Field label={user ? 'New password (leave empty to keep)' : 'Password'} error={errors.password?.message}>
        {(props) => <Input {...props} type="password" autoComplete="new-password" {...register('password')} />}
      </Field>
      <Field label="Spending limit" error={errors.spending_limit?.message}>
        {(props) => <Input {...props} inputMode="decimal" {...register('spending_limit')} />}
      </Field>
      <Field label="Approval limit" error={errors.approval_limit?.message}>
        {(props) => <Input {...props} inputMode="decimal" {...register('approval_limit')} />}
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" className="h-4 w-4" {...register('is_active')} /> Active
      </label>
    </AdminForm>
  );
}
