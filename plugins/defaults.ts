// The built-in plugins a host uses when settings.json does not choose: its reverse proxy and its process
// supervisor. The core reads these names from here and never names a plugin itself.
export const BUILTIN_CHOICES = { proxy: 'nginx', supervisor: 'uwsgi' } as const;
