import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { ArchiveSinkError } from '#archive/errors.js';
import type { ArchiveObject, ArchiveSink } from '#archive/ports.js';

/**
 * The archive in a local folder (`.local/archive/`, `<data-dir>/archive`): the same layout as the bucket
 * (shared/archive/layout.ts), read by DuckDB. Each object is written to a temporary file in its own folder
 * and renamed into place, so a reader never sees half a file (the temporary name does not end in .parquet,
 * so no glob reads it); writing a key again replaces the file, as a new version of the key does in S3.
 * There is no Object Lock on a laptop: `retainUntil` is not enforced here.
 */
export class FolderArchiveSink implements ArchiveSink {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(object: ArchiveObject): Promise<void> {
    const path = resolve(join(this.root, object.key));
    if (!path.startsWith(`${this.root}${sep}`)) {
      throw new ArchiveSinkError(`The archive key ${object.key} is outside the archive folder`);
    }
    const temporary = `${path}.${randomUUID()}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temporary, object.bytes);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => {});
      throw new ArchiveSinkError(`Writing the archive object ${object.key} failed`, { cause: error });
    }
  }
}
