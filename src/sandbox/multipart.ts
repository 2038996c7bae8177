/**
 * A minimal multipart/form-data parser (RFC 7578) for import-scan / reimport-scan. The whole body
 * is already in memory with a byte cap, so this only splits on the boundary and reads each part's
 * Content-Disposition. File parts become `MultipartFile` values; text parts become strings, and a
 * repeated field name becomes a list.
 */

/** An uploaded file part. */
export interface MultipartFile {
  kind: 'file';
  filename: string;
  contentType: string;
  data: Buffer;
}

/** True for a file part. */
export function isFile(v: unknown): v is MultipartFile {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'file';
}

function boundaryOf(header: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(header);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** Parses the body; null when the boundary is missing. */
export function parseMultipart(
  contentTypeHeader: string,
  body: Buffer,
): Record<string, unknown> | null {
  const boundary = boundaryOf(contentTypeHeader);
  if (!boundary) return null;
  const delim = Buffer.from(`--${boundary}`);
  const out: Record<string, unknown> = {};
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    // "--" after the delimiter ends the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    // The part ends with CRLF before the next delimiter.
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    const part = body.subarray(start, end);
    const sep = part.indexOf('\r\n\r\n');
    if (sep !== -1) addPart(out, part.subarray(0, sep).toString('utf8'), part.subarray(sep + 4));
    pos = next;
  }
  return out;
}

function addPart(out: Record<string, unknown>, head: string, data: Buffer): void {
  const disp = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
  const name = /\bname="([^"]*)"/i.exec(disp)?.[1];
  if (name === undefined) return;
  const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
  const value: unknown =
    filename !== undefined
      ? {
          kind: 'file',
          filename,
          contentType:
            /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream',
          data: Buffer.from(data),
        }
      : data.toString('utf8');
  const prev = out[name];
  out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
}
