// The per-app deploy lock lives with the rest of SQLite in lib/state; this name stays for its importers.
export { acquireLock, type AppLock } from '../state/lock.js';
