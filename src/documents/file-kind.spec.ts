import { detectFileKind, isPlainFileName } from './file-kind';

/** A minimal stored ZIP with the given entry names (empty entries; the CRC of empty content is 0). */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n);
    centrals.push(central, n);
    offset += local.length + n.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('detectFileKind', () => {
  it.each([
    ['pdf', Buffer.from('%PDF-1.7\n…')],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])],
    ['ofd', zip(['Doc_0/Document.xml', 'OFD.xml'])],
  ])('knows %s by its content', async (kind, content) => {
    expect(await detectFileKind(content)).toBe(kind);
  });

  it.each([
    ['an executable', Buffer.from('MZ\x90\x00')],
    ['a ZIP without OFD.xml (e.g. a .docx)', zip(['word/document.xml', '[Content_Types].xml'])],
    ['a ZIP with OFD.xml only in a folder', zip(['x/OFD.xml'])],
    ['a truncated ZIP', Buffer.from('PK\x03\x04garbage')],
    ['text', Buffer.from('%PD')],
  ])('refuses %s', async (_, content) => {
    expect(await detectFileKind(content)).toBeNull();
  });
});

describe('isPlainFileName', () => {
  it.each(['宗地红线图.pdf', 'scan 01.JPG', 'a.b.ofd'])('accepts %s', (name) =>
    expect(isPlainFileName(name)).toBe(true),
  );
  it.each(['', '../x.pdf', 'a/b.pdf', 'a\\b.pdf', 'C:x.pdf', '..', 'a\u0000.pdf', ' x.pdf', 'x'.repeat(256)])(
    'refuses %j',
    (name) => expect(isPlainFileName(name)).toBe(false),
  );
});
