/**
 * The one rule for characters a text may hold, at the edge and in the domain alike. Refused: control characters
 * (C0, DEL, C1) except line feed and tab in multi-line text, the Unicode line and paragraph separators (the only
 * line break a text keeps is a line feed), and unpaired surrogates (not Unicode: PostgreSQL cannot store them).
 */
export function findForbiddenCharacter(
  s: string,
  multiline: boolean,
): { position: number; char: string } | null {
  let position = 0;
  for (const ch of s) {
    position++;
    const cp = ch.codePointAt(0) ?? 0;
    const allowedWhitespace = multiline && (cp === 0x0a || cp === 0x09);
    const forbidden =
      (cp < 0x20 && !allowedWhitespace) ||
      (cp >= 0x7f && cp <= 0x9f) ||
      cp === 0x2028 ||
      cp === 0x2029 ||
      (cp >= 0xd800 && cp <= 0xdfff);
    if (forbidden) return { position, char: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` };
  }
  return null;
}
