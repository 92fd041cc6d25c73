/** RFC 5987 attr-chars: encodeURIComponent leaves `'()*` as they are, which `filename*` does not allow. */
const rfc5987 = (s: string): string =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A report's download name (RFC 6266 / 5987): the Chinese name in UTF-8 (`filename*`, which every current browser and
 * the dashboard use) and an ASCII fallback (`filename`), e.g.
 * `attachment; filename="ledger-2021-11-30.xlsx"; filename*=UTF-8''%E7%9D%A3…-2021-11-30.xlsx` (督办台账-2021-11-30.xlsx).
 */
export function reportDisposition(
  fileName: string,
  asciiName: string,
  kind: 'attachment' | 'inline' = 'attachment',
): string {
  return `${kind}; filename="${asciiName}"; filename*=UTF-8''${rfc5987(fileName)}`;
}
