import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useForm } from 'react-hook-form';

import { ApiError } from '@/lib/api-client';

import { AdminForm } from './admin-form';
import { Field, Input } from './field';

function NameForm({ onSubmit, onCancel = () => {} }: { onSubmit: () => Promise<unknown>; onCancel?: () => void }) {
  const form = useForm<{ name: string }>({ defaultValues: { name: 'Acme' } });
  return (
    <AdminForm
      title="Edit Acme"
      form={form}
      fieldNames={['name']}
      onSubmit={onSubmit}
      submitLabel="Save vendor"
      onCancel={onCancel}
    >
      <Field label="Name" error={form.formState.errors.name?.message}>
        {(props) => <Input {...props} {...form.register('name')} />}
      </Field>
    </AdminForm>
  );
}

describe('AdminForm', () => {
  it('has the heading, the fields and the save and cancel buttons', async () => {
    const onCancel = vi.fn();
    render(<NameForm onSubmit={() => Promise.resolve()} onCancel={onCancel} />);
    expect(screen.getByRole('heading', { name: 'Edit Acme' })).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveValue('Acme');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('puts a server error on its field and the rest in an alert above the form', async () => {
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError(400, {
          code: 'invalid',
          detail: 'Invalid input.',
          fields: { name: ['This name is taken.'], non_field_errors: ['Vendors are frozen.'] },
        }),
      ),
    );
    render(<NameForm onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save vendor' }));
    expect((await screen.findByText('Vendors are frozen.')).closest('[role="alert"]')).toBeInTheDocument();
    expect(screen.getByText('This name is taken.')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Acme' });
  });
});
