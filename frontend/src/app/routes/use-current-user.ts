import { useOutletContext } from 'react-router';

import type { Me } from '@/types';

/** The signed-in user, inside RequireAuth. */
export function useCurrentUser(): Me {
  return useOutletContext<Me>();
}
