// Which config values are secrets (by their key's name): masked in deploy output, `config` and `addons:info`.

const SECRET_KEY = /SECRET|PASSW|TOKEN|KEY|CREDENTIAL|PRIVATE|_URL$|DSN/i;

/** Config values that look like secrets (by their key's name), to mask in deploy output. */
export function secretValues(vars: Record<string, string>): string[] {
  return Object.entries(vars)
    .filter(([key, value]) => SECRET_KEY.test(key) && value.length >= 6)
    .map(([, value]) => value);
}
