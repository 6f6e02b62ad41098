// Reads the revision a site serves, through nginx itself, to confirm a switch really happened.
import { request } from 'node:http';

/** The path of the revision endpoint every site answers on (from 127.0.0.1 and ::1 only). */
export const REVISION_PATH = '/.hop3/revision';

const MAX_BODY = 1024;

/** GETs the revision endpoint on 127.0.0.1:`port` as `host`; the trimmed body on 200, else undefined (never throws). */
export function fetchRevision(
  port: number,
  host: string,
  timeoutMs = 2000,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: REVISION_PATH,
        method: 'GET',
        headers: { Host: host },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.length > MAX_BODY) req.destroy();
        });
        res.on('end', () => resolve(res.statusCode === 200 ? body.trim() : undefined));
        res.on('error', () => resolve(undefined));
        res.on('close', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}
