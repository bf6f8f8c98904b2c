/**
 * Inkthreadable's refusals in the merchant's words: a known message becomes what to do about it;
 * anything else is shown as Inkthreadable wrote it.
 */

interface Known {
  /** the message as Inkthreadable writes it (compared without case and surrounding space) */
  said: RegExp;
  /** what the merchant can do, in words */
  action: string;
}

const KNOWN: readonly Known[] = [
  {
    // Seen when the account has no brand name.
    said: /^name is not defined\.?$/i,
    action:
      'Inkthreadable needs a brand name for your orders: enter one under Inkthreadable in the extension’s settings (or set your brand in your Inkthreadable account), then press Retry.',
  },
  {
    said: /^invalid signature\.?$/i,
    action:
      'Inkthreadable refused the App ID and Secret key: the Secret key may have been changed. Enter the current one (Inkthreadable → API Settings) in the extension’s settings, then press Retry.',
  },
];

/** Inkthreadable's refusal as the merchant should read it: the action for a known one, else verbatim. */
export function refusalInWords(message: string): string {
  const said = message.trim();
  const known = KNOWN.find((k) => k.said.test(said));
  return known ? `${known.action} (Inkthreadable said: “${said}”)` : message;
}
