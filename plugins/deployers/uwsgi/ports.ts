// Picks a fresh HTTP port per web instance: bindable right now and not recorded by any live vassal.
import { Hop3Error, pickFreePort } from '../../../lib/sdk.js';

/** The range instance ports come from. */
export const PORT_RANGE = { first: 20000, last: 29999 } as const;

/** A port from PORT_RANGE that is bindable and not in `taken` (which it joins). */
export async function pickPort(taken: Set<number>): Promise<number> {
  const port = await pickFreePort(PORT_RANGE, taken);
  if (port !== undefined) return port;
  throw new Hop3Error(
    'E_START_FAILED',
    `no free port left between ${PORT_RANGE.first} and ${PORT_RANGE.last}`,
    {
      hint: 'stop unused apps or old processes (hop3 ps) to free ports',
    },
  );
}
