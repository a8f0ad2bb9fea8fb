import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobStore } from './blob-store';

/** Keys the stores accept: ours are UUIDs, so nothing in a key can leave the folder. */
const KEY = /^[0-9a-f-]{36}$/;

/** A folder on the local disk (DATA_DIR/blobs by default, beside the embedded database). */
export class LocalBlobStore extends BlobStore {
  constructor(private readonly dir: string) {
    super();
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`bad blob key ${JSON.stringify(key)}`);
    return join(this.dir, key);
  }

  async put(key: string, content: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const tmp = `${this.path(key)}.part`;
    await writeFile(tmp, content, { flag: 'wx' });
    await rename(tmp, this.path(key));
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
