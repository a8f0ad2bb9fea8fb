/** Where file contents live, by key; the database keeps only the key and the file's description. */
export abstract class BlobStore {
  /** Stores `content` under `key` (a key is written once). */
  abstract put(key: string, content: Buffer, mediaType: string): Promise<void>;
  /** The content under `key`; throws when there is none. */
  abstract get(key: string): Promise<Buffer>;
  /** Removes `key`; no error when it is not there (used to undo a put whose transaction failed). */
  abstract delete(key: string): Promise<void>;
}
