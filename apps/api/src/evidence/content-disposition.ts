/**
 * `attachment` with the file name twice: an ASCII fallback (`filename`, non-ASCII as `_`) and the exact name in
 * UTF-8 (`filename*`, RFC 5987), which every current browser uses — so a Chinese name arrives intact.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
