import { PageHeader } from '@/components/ui/page-header';
import { ExchangeRatesAdmin } from '@/features/exchange-rates/components/exchange-rates-admin';
import { can } from '@/lib/auth';

import { Forbidden } from './forbidden';
import { useCurrentUser } from './use-current-user';

export default function ExchangeRatesRoute() {
  const user = useCurrentUser();
  if (!can(user, 'exchange_rate.manage')) return <Forbidden />;
  return (
    <>
      <PageHeader
        title="Exchange rates"
        description="What one unit of each currency is worth in the base currency, per day. A request is converted at the rate of the day it is submitted."
      />
      <ExchangeRatesAdmin />
    </>
  );
}
