/** The connections form's values, what a save would send, and what is wrong with them. */
import type { Request, SettingsView } from '@/lib/protocol';

type Method = 'basic' | 'token';
export type FieldName = 'subdomain' | 'password' | 'token' | 'appId' | 'secretKey' | 'brandName';
export type Errors = Partial<Record<FieldName, string>>;

export interface Values {
  method: Method;
  subdomain: string;
  password: string;
  token: string;
  appId: string;
  secretKey: string;
  brandName: string;
}

export function initial(view: SettingsView): Values {
  return {
    method: view.bigcartel?.kind ?? 'basic',
    subdomain: view.bigcartel?.kind === 'basic' ? view.bigcartel.subdomain : '',
    password: '',
    token: '',
    appId: view.inkthreadable?.appId ?? '',
    secretKey: '',
    brandName: view.settings.brandName,
  };
}

/** "https://mothpress.bigcartel.com/" -> "mothpress" */
export function cleanSubdomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/\.bigcartel\.com$/, '');
}

export interface Changes {
  sendBc: boolean;
  sendInk: boolean;
  brand: boolean;
}

/** What differs from what is saved, and so what a save sends. */
export function changes(v: Values, view: SettingsView): Changes {
  const bc = view.bigcartel;
  const ink = view.inkthreadable;
  const bcDirty =
    v.method !== (bc?.kind ?? 'basic') ||
    (v.method === 'basic' &&
      (cleanSubdomain(v.subdomain) !== (bc?.kind === 'basic' ? bc.subdomain : '') || v.password !== '')) ||
    (v.method === 'token' && v.token !== '');
  const bcFilled = v.method === 'basic' ? v.subdomain.trim() !== '' || v.password !== '' : v.token.trim() !== '';
  const inkDirty = v.appId.trim() !== (ink?.appId ?? '') || v.secretKey !== '';
  const inkFilled = v.appId.trim() !== '' || v.secretKey !== '';
  return {
    sendBc: bcDirty && (!!bc || bcFilled),
    sendInk: inkDirty && (!!ink || inkFilled),
    brand: v.brandName.trim() !== view.settings.brandName,
  };
}

export function validate(v: Values, view: SettingsView, d: Changes): Errors {
  const bc = view.bigcartel;
  const e: Errors = {};
  if (d.sendBc) {
    if (v.method === 'basic') {
      const sub = cleanSubdomain(v.subdomain);
      if (!sub) e.subdomain = 'Enter your store subdomain: the "mystore" in mystore.bigcartel.com.';
      else if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(sub))
        e.subdomain = `"${v.subdomain.trim()}" is not a Big Cartel subdomain: use letters, digits and dashes, as in mystore.bigcartel.com.`;
      if (!v.password && bc?.kind !== 'basic')
        e.password = 'Enter the store password (the one you use to sign in to Big Cartel).';
    } else if (!v.token.trim() && bc?.kind !== 'token') {
      e.token = 'Paste the API access token.';
    }
  }
  if (d.sendInk) {
    if (!v.appId.trim()) e.appId = 'Enter the App ID from Inkthreadable (Account, API).';
    else if (v.appId.trim().length > 100) e.appId = 'That App ID is too long.';
    if (!v.secretKey && !view.inkthreadable) e.secretKey = 'Enter the Secret key from Inkthreadable (Account, API).';
  }
  if (v.brandName.trim().length > 100) e.brandName = 'Keep the brand name to 100 characters.';
  return e;
}

/** The saveCredentials request for what changed (neither service when only the brand changed). */
export function credentialsRequest(cur: Values, d: Changes): Extract<Request, { type: 'saveCredentials' }> {
  const req: Extract<Request, { type: 'saveCredentials' }> = { type: 'saveCredentials' };
  if (d.sendBc) {
    req.bigcartel =
      cur.method === 'basic'
        ? {
            kind: 'basic',
            subdomain: cleanSubdomain(cur.subdomain),
            ...(cur.password ? { password: cur.password } : {}),
          }
        : { kind: 'token', ...(cur.token.trim() ? { token: cur.token.trim() } : {}) };
  }
  if (d.sendInk) {
    req.inkthreadable = { appId: cur.appId.trim(), ...(cur.secretKey ? { secretKey: cur.secretKey.trim() } : {}) };
  }
  return req;
}
