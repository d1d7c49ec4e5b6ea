import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import QRCode from 'qrcode';
import { useAction } from '@/lib/hooks';
import type { Bundle } from '@/lib/types';
import { formatMoney, parseAmount } from '@/lib/utils';
import { useAuth } from '@/store/auth';
import { toast } from '@/store/toast';
import { Avatar } from '@/components/Avatar';
import { Dropzone } from '@/features/uploads/components/Uploader';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field, Input, Textarea } from '@/components/ui/input';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { accountsApi } from '@/features/accounts/api';
import { useCurrency } from '@/features/money/currency';

function Profile() {
  const { user, setUser } = useAuth();
  const [displayName, setDisplayName] = useState(user!.displayName ?? '');
  const [bio, setBio] = useState(user!.bio ?? '');
  const { busy, run } = useAction({ toastErrors: true });
  const save = (patch: Record<string, unknown>, done = 'Profile saved.') =>
    run(async () => {
      setUser(await accountsApi.updateMe(patch));
      toast.success(done);
    });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Profile</CardTitle>
        <CardDescription>How fans see you.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="flex items-center gap-4">
          <Avatar name={user!.displayName || user!.username} media={user!.avatar} size={64} />
          <div className="flex-1">
            <Dropzone
              multiple={false}
              accept="image/*"
              label="Drop a new avatar image"
              onUploaded={(m) => save({ avatarMediaId: m.id }, 'Avatar updated.')}
            />
          </div>
        </div>
        {user!.role === 'CREATOR' && (
          <Dropzone
            multiple={false}
            accept="image/*"
            label="Drop a banner image (wide)"
            onUploaded={(m) => save({ bannerMediaId: m.id }, 'Banner updated.')}
          />
        )}
        <Field label="Display name" htmlFor="displayName">
          <Input id="displayName" maxLength={50} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label="Bio" htmlFor="bio">
          <Textarea id="bio" maxLength={1000} value={bio} onChange={(e) => setBio(e.target.value)} />
        </Field>
        <Button busy={busy} onClick={() => save({ displayName: displayName.trim() || user!.username, bio })} className="justify-self-start">
          Save profile
        </Button>
      </CardContent>
    </Card>
  );
}

function Pricing() {
  const { user, setUser } = useAuth();
  const currency = useCurrency();
  const [price, setPrice] = useState(user!.subscriptionPrice ? (user!.subscriptionPrice.amount / 100).toFixed(2) : '');
  const [trialDays, setTrialDays] = useState(user!.trialDays ?? 0);
  const [bundles, setBundles] = useState<Record<number, number | ''>>(() =>
    Object.fromEntries([3, 6, 12].map((m) => [m, user!.bundles?.find((b) => b.months === m)?.discountPercent ?? ''])),
  );
  const { busy, error, setError, run } = useAction();
  const cents = parseAmount(price);
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    if (!cents) {
      setError('Enter a monthly price like 9.99');
      return;
    }
    return run(async () => {
      const list: Bundle[] = Object.entries(bundles)
        .filter(([, d]) => d !== '')
        .map(([m, d]) => ({ months: Number(m), discountPercent: Number(d) }));
      const price = { amount: cents, currency: currency ?? '' };
      setUser(await accountsApi.updateMe({ subscriptionPrice: price, trialDays, bundles: list }));
      toast.success(`Price set to ${formatMoney(price)}/month.`);
    });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Subscription price</CardTitle>
        <CardDescription>What fans pay each month, bundles and a free trial.</CardDescription>
      </CardHeader>
      <CardContent>
        <form className="grid gap-4" onSubmit={save}>
          <Field label={`Monthly price${currency ? ` (${currency})` : ''}`} htmlFor="price" hint="Between $4.99 and $49.99.">
            <Input id="price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </Field>
          <Field label="Free trial (days)" htmlFor="trial" hint="0 for none, up to 30.">
            <Input id="trial" type="number" min={0} max={30} value={trialDays} onChange={(e) => setTrialDays(Number(e.target.value))} />
          </Field>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Bundles (discount %, empty for none)</legend>
            <div className="grid grid-cols-3 gap-2">
              {[3, 6, 12].map((m) => (
                <Field key={m} label={`${m} months`} htmlFor={`bundle-${m}`}>
                  <Input
                    id={`bundle-${m}`}
                    type="number"
                    min={0}
                    max={50}
                    value={bundles[m]}
                    onChange={(e) => setBundles({ ...bundles, [m]: e.target.value === '' ? '' : Number(e.target.value) })}
                  />
                </Field>
              ))}
            </div>
          </fieldset>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <Button type="submit" busy={busy} className="justify-self-start">
            Save pricing
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

function Security() {
  const { user, reloadMe, clear } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const { busy, run } = useAction({ toastErrors: true });

  const changePassword = (e: React.FormEvent) => {
    e.preventDefault();
    return run(async () => {
      await accountsApi.changePassword(current, next);
      toast.success('Password changed. Please log in again.');
      clear();
    });
  };
  const startTotp = () =>
    run(async () => {
      const started = await accountsApi.startTotp();
      setSetup({ secret: started.secret, qr: await QRCode.toDataURL(started.otpauthUrl, { margin: 1, width: 200 }) });
    });
  const enableTotp = () =>
    run(async () => {
      setRecovery((await accountsApi.enableTotp(code.trim())).recoveryCodes);
      setSetup(null);
      await reloadMe();
      toast.success('Two-factor sign-in is on.');
    });
  const disableTotp = () =>
    run(async () => {
      await accountsApi.disableTotp(current, code.trim());
      setCode('');
      await reloadMe();
      toast.success('Two-factor sign-in is off.');
    });
  return (
    <div className="grid gap-4">
      <Card>
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Every session ends; you log in again.</CardDescription>
        </CardHeader>
        <CardContent>
          <form className="grid gap-3" onSubmit={changePassword}>
            <Field label="Current password" htmlFor="current">
              <Input
                id="current"
                type="password"
                autoComplete="current-password"
                required
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
              />
            </Field>
            <Field label="New password" htmlFor="next" hint="At least 10 characters.">
              <Input
                id="next"
                type="password"
                autoComplete="new-password"
                required
                value={next}
                onChange={(e) => setNext(e.target.value)}
              />
            </Field>
            <Button type="submit" busy={busy} className="justify-self-start">
              Change password
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Two-factor sign-in</CardTitle>
          <CardDescription>
            {user!.totpEnabled
              ? 'On: you enter a code from your app when you log in.'
              : 'Add a code from an authenticator app to every login.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {recovery && (
            <div className="rounded-md border border-primary/50 bg-primary/10 p-3 text-sm">
              <p className="mb-2 font-medium">Recovery codes: keep them safe, each works once.</p>
              <ul className="grid grid-cols-2 gap-1 font-mono" data-testid="recovery-codes">
                {recovery.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </div>
          )}
          {user!.totpEnabled ? (
            <div className="flex flex-wrap items-end gap-2">
              <Field label="Password" htmlFor="off-password">
                <Input
                  id="off-password"
                  type="password"
                  autoComplete="current-password"
                  value={current}
                  onChange={(e) => setCurrent(e.target.value)}
                />
              </Field>
              <Field label="Code to turn it off" htmlFor="off-code">
                <Input id="off-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} />
              </Field>
              <Button variant="outline" onClick={disableTotp}>
                Turn off
              </Button>
            </div>
          ) : setup ? (
            <div className="grid gap-3">
              <img src={setup.qr} alt="QR code for your authenticator app" width={200} height={200} className="rounded-md bg-white" />
              <p className="text-xs text-muted-foreground">
                Or enter this key:{' '}
                <code className="break-all" data-testid="totp-secret">
                  {setup.secret}
                </code>
              </p>
              <div className="flex flex-wrap items-end gap-2">
                <Field label="Code from the app" htmlFor="on-code">
                  <Input id="on-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} />
                </Field>
                <Button onClick={enableTotp}>Turn on</Button>
              </div>
            </div>
          ) : (
            <Button variant="outline" onClick={startTotp} className="justify-self-start">
              Set up two-factor
            </Button>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

export default function Settings() {
  const user = useAuth((s) => s.user)!;
  const [params] = useSearchParams();
  const [tab, setTab] = useState(params.get('welcome') && user.role === 'CREATOR' ? 'pricing' : 'profile');
  useEffect(() => {
    useAuth
      .getState()
      .reloadMe()
      .catch(() => undefined);
  }, []);
  return (
    <div className="mx-auto grid max-w-2xl gap-4">
      <h1 className="text-2xl font-bold">Settings</h1>
      {params.get('welcome') && user.role === 'CREATOR' && (
        <p className="rounded-md bg-primary/10 p-3 text-sm">Welcome! Set your price so fans can subscribe.</p>
      )}
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="profile">Profile</TabsTrigger>
          {user.role === 'CREATOR' && <TabsTrigger value="pricing">Pricing</TabsTrigger>}
          <TabsTrigger value="security">Security</TabsTrigger>
        </TabsList>
        <TabsContent value="profile" className="mt-4">
          <Profile />
        </TabsContent>
        {user.role === 'CREATOR' && (
          <TabsContent value="pricing" className="mt-4">
            <Pricing />
          </TabsContent>
        )}
        <TabsContent value="security" className="mt-4">
          <Security />
        </TabsContent>
      </Tabs>
    </div>
  );
}
