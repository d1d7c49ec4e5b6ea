import { paymentsConfig } from '@/features/money/components/Checkout';
import { useLoad } from '@/lib/hooks';

/** The platform's one currency, from the server (`/payments/config`, fetched once); undefined until known. */
export function useCurrency(): string | undefined {
  return useLoad(() => paymentsConfig().then((c) => c.currency), []).data;
}
