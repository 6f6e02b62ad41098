// Picks a fresh HTTP port per web instance: bindable right now and not recorded by any live vassal.
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { Hop3Error } from '../../../lib/sdk.js';

/** The range instance ports come from. */
export const PORT_RANGE = { first: 20000, last: 29999 } as const;

/** True when 127.0.0.1:`port` can be bound at this moment. */
function isBindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port from PORT_RANGE that is bindable and not in `taken` (which it joins). The search starts at a
 * random place so two apps deploying at the same moment rarely probe the same ports.
 */
export async function pickPort(taken: Set<number>): Promise<number> {
  const size = PORT_RANGE.last - PORT_RANGE.first + 1;
  const start = randomInt(size);
  for (let i = 0; i < size; i++) {
    const port = PORT_RANGE.first + ((start + i) % size);
    if (taken.has(port)) continue;
    if (await isBindable(port)) {
      taken.add(port);
      return port;
    }
  }
  throw new Hop3Error('E_START_FAILED', `no free port left between ${PORT_RANGE.first} and ${PORT_RANGE.last}`, {
    hint: 'stop unused apps or old processes (hop3 ps) to free ports',
  });
}
