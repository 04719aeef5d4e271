import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';

import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/field';
import { Alert } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { loginInputSchema, useLogin, type LoginInput } from '@/lib/auth';

export function LoginForm({ onSuccess }: { onSuccess: () => void }) {
  const login = useLogin();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<LoginInput>({ resolver: zodResolver(loginInputSchema), defaultValues: { email: '', password: '' } });

  const submit = handleSubmit((input) => {
    setFormError(null);
    login.mutate(input, {
      onSuccess,
      onError: (error) => {
        if (isApiError(error, 401)) setFormError('The email or password is not correct.');
        else if (isApiError(error, 429)) setFormError('Too many failed sign-ins. Wait a few minutes and try again.');
        else setFormError(isApiError(error) ? error.message : 'The server could not be reached.');
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {formError && <Alert>{formError}</Alert>}
      <Field label="Email" error={errors.email?.message}>
        {(props) => <Input {...props} type="email" autoComplete="username" autoFocus {...register('email')} />}
      </Field>
      <Field label="Password" error={errors.password?.message}>
        {(props) => <Input {...props} type="password" autoComplete="current-password" {...register('password')} />}
      </Field>
      <Button type="submit" className="w-full" loading={login.isPending}>
        Sign in
      </Button>
    </form>
  );
}
