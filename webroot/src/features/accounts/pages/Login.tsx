import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useAction } from '@/lib/hooks';
import { useAuth } from '@/store/auth';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/input';

export default function Login() {
  const login = useAuth((s) => s.login);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const { busy, error, run } = useAction();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const result = await login(name.trim(), password, needTotp ? totp.trim() : undefined);
      if (result === 'totp') setNeedTotp(true);
      else navigate(params.get('next') || '/feed', { replace: true });
    });
  };

  return (
    <Card className="mx-auto mt-6 max-w-sm">
      <CardHeader>
        <CardTitle>{needTotp ? 'Two-factor check' : 'Welcome back'}</CardTitle>
        <CardDescription>
          {needTotp ? 'Enter the 6-digit code from your authenticator app, or a recovery code.' : 'Log in to your account.'}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form className="grid gap-4" onSubmit={submit}>
          {!needTotp ? (
            <>
              <Field label="Username or email" htmlFor="login">
                <Input id="login" autoComplete="username" required value={name} onChange={(e) => setName(e.target.value)} />
              </Field>
              <Field label="Password" htmlFor="password">
                <Input
                  id="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </Field>
            </>
          ) : (
            <Field label="Code" htmlFor="totp">
              <Input
                id="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                // Focus moves to the field the user was just asked for, after their own action.
                // eslint-disable-next-line jsx-a11y/no-autofocus
                autoFocus
                required
                value={totp}
                onChange={(e) => setTotp(e.target.value)}
              />
            </Field>
          )}
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <Button type="submit" busy={busy}>
            {needTotp ? 'Verify' : 'Log in'}
          </Button>
          <p className="text-center text-sm text-muted-foreground">
            New here?{' '}
            <Link to="/signup" className="text-primary hover:underline">
              Create an account
            </Link>
          </p>
        </form>
      </CardContent>
    </Card>
  );
}
