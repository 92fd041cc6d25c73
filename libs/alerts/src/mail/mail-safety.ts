/**
 * Text that reaches a mail header (a name, a subject) is made one line: every control character (C0 including
 * CR and LF, DEL, C1) and the Unicode line and paragraph separators become a space. So no user text can end a
 * header and start another (`\r\nBcc: x@evil.test`). Addresses are never taken from text: only contacts whose
 * address passes `isSafeEmail`, and the SMTP envelope is set explicitly from them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BODY_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;

export function headerText(s: string, max = 200): string {
  const one = s
    .replace(HEADER_UNSAFE, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return [...one].slice(0, max).join('');
}

/** Body text: line breaks normalised to LF, other control characters removed. */
export function bodyText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(BODY_UNSAFE, '');
}

export function escapeHtml(s: string): string {
  return bodyText(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL = new RegExp(`^[A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]{1,64}@${LABEL}(?:\\.${LABEL})+$`);

/** A plain address (no display name, no comments, no quotes, no spaces or control characters). */
export function isSafeEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s) && !s.startsWith('.') && !s.includes('..');
}

/** The address part of a From setting such as `名称 <noreply@example.org>`. */
export function addressOf(from: string): string {
  const m = /<([^<>\s]+)>\s*$/.exec(from);
  return (m ? m[1]! : from).trim();
}

/** The domain of an address, for Message-IDs. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const d = at >= 0 ? address.slice(at + 1) : '';
  return /^[A-Za-z0-9.-]+$/.test(d) && d !== '' ? d.toLowerCase() : 'progress-monitor.invalid';
}
