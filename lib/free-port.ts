// Choosing a TCP port on 127.0.0.1 for a new process: in a range, not taken, bindable right now.
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** True when 127.0.0.1:`port` can be bound at this moment. */
function isBindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * A port in [first, last] that is bindable and not in `taken` (which it joins), or undefined when none is
 * left. The search starts at a random place so two deploys at the same moment rarely probe the same ports.
 */
export async function pickFreePort(
  range: { first: number; last: number },
  taken: Set<number>,
): Promise<number | undefined> {
  const size = range.last - range.first + 1;
  const start = randomInt(size);
  for (let i = 0; i < size; i++) {
    const port = range.first + ((start + i) % size);
    if (taken.has(port)) continue;
    if (await isBindable(port)) {
      taken.add(port);
      return port;
    }
  }
  return undefined;
}
