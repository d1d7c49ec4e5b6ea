import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useAction } from '@/lib/hooks';
import { useAuth } from '@/store/auth';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';
import { cn } from '@/lib/utils';

export default function Register() {
  const register = useAuth((s) => s.register);
  const navigate = useNavigate();
  const [role, setRole] = useState<'SUBSCRIBER' | 'CREATOR'>('SUBSCRIBER');
  const [form, setForm] = useState({ username: '', email: '', password: '', displayName: '' });
  const { busy, error, run } = useAction();
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    await run(async () => {
      await register({
        ...form,
        username: form.username.trim(),
        email: form.email.trim(),
        displayName: form.displayName.trim() || undefined,
        role,
      });
      navigate(role === 'CREATOR' ? '/settings?welcome=1' : '/', { replace: true });
    });
  };

  return (
    <Card className="mx-auto mt-6 max-w-md">
      <CardHeader>
        <CardTitle>Create your account</CardTitle>
        <CardDescription>Join as a fan to subscribe, or as a creator to earn.</CardDescription>
      </CardHeader>
      <CardContent>
        <form className="grid gap-4" onSubmit={submit}>
          <div className="grid grid-cols-2 gap-2" role="radiogroup" aria-label="Account type">
            {(['SUBSCRIBER', 'CREATOR'] as const).map((r) => (
              <button
                key={r}
                type="button"
                role="radio"
                aria-checked={role === r}
                onClick={() => setRole(r)}
                className={cn(
                  'rounded-md border px-3 py-3 text-sm font-medium',
                  role === r ? 'border-primary bg-primary/10' : 'border-border',
                )}
              >
                {r === 'SUBSCRIBER' ? "I'm a fan" : "I'm a creator"}
              </button>
            ))}
          </div>
          <Field label="Username" htmlFor="username" hint="3–30 of a–z, 0–9, _ and .">
            <Input id="username" autoComplete="username" required value={form.username} onChange={set('username')} />
          </Field>
          <Field label="Display name" htmlFor="displayName">
            <Input id="displayName" value={form.displayName} onChange={set('displayName')} />
          </Field>
          <Field label="Email" htmlFor="email">
            <Input id="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} />
          </Field>
          <Field label="Password" htmlFor="password" hint="At least 10 characters, not a common password.">
            <Input id="password" type="password" autoComplete="new-password" required value={form.password} onChange={set('password')} />
          </Field>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <Button type="submit" busy={busy}>
            Create account
          </Button>
          <p className="text-center text-sm text-muted-foreground">
            Already have one?{' '}
            <Link to="/login" className="text-primary hover:underline">
              Log in
            </Link>
          </p>
        </form>
      </CardContent>
    </Card>
  );
}
