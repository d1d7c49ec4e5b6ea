import { useState } from 'react';
import { DollarSign } from 'lucide-react';
import { parseAmount } from '@/lib/utils';
import { toast } from '@/store/toast';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import { Input, Textarea, Field } from '@/components/ui/input';
import { CheckoutDialog } from '@/features/money/components/Checkout';
import { moneyApi } from '@/features/money/api';
import { useCurrency } from '@/features/money/currency';

export const TIP_PRESETS = [200, 500, 1000, 2000];

/** Tip presets and a custom amount, then the checkout. */
export function TipButton({ creator, postId, className }: { creator: string; postId?: string; className?: string }) {
  const currency = useCurrency();
  const [choosing, setChoosing] = useState(false);
  const [paying, setPaying] = useState(false);
  const [amount, setAmount] = useState(500);
  const [custom, setCustom] = useState('');
  const [message, setMessage] = useState('');
  const customAmount = custom ? parseAmount(custom) : null;
  const chosen = custom ? customAmount : amount;

  return (
    <>
      <Button variant="secondary" size="sm" className={className} onClick={() => setChoosing(true)}>
        <DollarSign className="h-4 w-4" /> Tip
      </Button>
      <Dialog open={choosing} onOpenChange={setChoosing}>
        <DialogContent title={`Tip @${creator}`} description="100% optional, 80% goes to the creator.">
          <div className="grid grid-cols-4 gap-2" role="group" aria-label="Tip amount">
            {TIP_PRESETS.map((p) => (
              <Button
                key={p}
                variant={!custom && amount === p ? 'default' : 'outline'}
                onClick={() => {
                  setAmount(p);
                  setCustom('');
                }}
              >
                ${p / 100}
              </Button>
            ))}
          </div>
          <Field
            label={`Custom amount${currency ? ` (${currency})` : ''}`}
            htmlFor="tip-custom"
            error={custom && !customAmount ? 'Enter an amount like 7.50' : undefined}
          >
            <Input id="tip-custom" inputMode="decimal" placeholder="e.g. 7.50" value={custom} onChange={(e) => setCustom(e.target.value)} />
          </Field>
          <Field label="Message" htmlFor="tip-message">
            <Textarea id="tip-message" maxLength={280} value={message} onChange={(e) => setMessage(e.target.value)} className="min-h-16" />
          </Field>
          <Button
            disabled={!chosen}
            onClick={() => {
              setChoosing(false);
              setPaying(true);
            }}
          >
            Continue
          </Button>
        </DialogContent>
      </Dialog>
      {chosen && (
        <CheckoutDialog
          open={paying}
          onOpenChange={setPaying}
          title={`Tip @${creator}`}
          amount={{ amount: chosen, currency: currency ?? '' }}
          onPay={async (pm, key) => {
            await moneyApi.tip(
              { creator, amount: { amount: chosen, currency: currency ?? '' }, postId, message: message || undefined, paymentMethod: pm },
              key,
            );
            toast.success('Tip sent. Thank you!');
            setMessage('');
          }}
        />
      )}
    </>
  );
}
