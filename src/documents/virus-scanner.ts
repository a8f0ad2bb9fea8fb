/** What a scanner says of a file: clean, or infected with a named finding. */
export type ScanResult = { clean: true } | { clean: false; finding: string };

/**
 * The hook for a virus scanner (e.g. ClamAV through clamd), asked before anything is stored. Bind another
 * implementation in DocumentsModule to use one.
 */
export abstract class VirusScanner {
  abstract scan(content: Buffer, fileName: string): Promise<ScanResult>;
}

/** The default: no scanner configured, every file passes. */
export class NoVirusScanner extends VirusScanner {
  scan(): Promise<ScanResult> {
    return Promise.resolve({ clean: true });
  }
}
