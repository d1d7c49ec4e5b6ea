import { useApiQuery } from '@/lib/query';
import { moneyQueries } from '@/features/money/queries';

/** The platform's one currency, from the server (`/payments/config`, fetched once); undefined until known. */
export function useCurrency(): string | undefined {
  return useApiQuery(moneyQueries.config()).data?.currency;
}
