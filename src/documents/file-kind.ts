import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

/** The kinds of file a material may be, with the media type each is served as. */
export const FILE_KINDS = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
} as const;

export type FileKind = keyof typeof FILE_KINDS;

const startsWith = (content: Buffer, bytes: number[]) =>
  content.length >= bytes.length && bytes.every((b, i) => content[i] === b);

/** Whether a ZIP archive has an entry named OFD.xml at its root (GB/T 33190: the OFD entry file). */
function zipHasOfdXml(content: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    fromBuffer(content, { lazyEntries: true }, (err: Error | null, zip: ZipFile) => {
      if (err) return resolve(false);
      zip.on('entry', (entry: Entry) => {
        if (entry.fileName === 'OFD.xml') {
          zip.close();
          resolve(true);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(false));
      zip.on('error', () => resolve(false));
      zip.readEntry();
    });
  });
}

/**
 * The kind of `content` by its first bytes (never its name): PDF, JPEG, PNG, or OFD (a ZIP whose root holds
 * OFD.xml); null for anything else.
 */
export async function detectFileKind(content: Buffer): Promise<FileKind | null> {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04]) && (await zipHasOfdXml(content))) return 'ofd';
  return null;
}

/**
 * Whether `name` is a plain file name: no path separators, no `..`, no control characters, not empty, at most
 * 255 characters.
 */
export function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    name.trim() === name &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\:]/.test(name) &&
    ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) &&
    !name.includes('..')
  );
}
