import type { AccessLogEntry } from '#privacy/access-log.js';
import type {
  AccessIdRange,
  AccessLogReader,
  AccessLogSource,
  AccessRecord,
} from '#privacy/access-log.query.js';
import { accessRecordOf } from '#privacy/stored-records.js';

/**
 * The access log's reader over an in-memory list of entries, with the DynamoDB adapter's semantics: a source
 * is one index partition (customerId, who) or one day, bounds on accessId inclusive, newest first, strictly
 * before `before`. Counts the reads per source kind (to check that filters use their index).
 */
export class InMemoryAccessLogReader implements AccessLogReader {
  readonly reads: AccessLogSource['kind'][] = [];

  constructor(private readonly entriesOf: () => readonly AccessLogEntry[]) {}

  async entries(
    source: AccessLogSource,
    range: AccessIdRange,
    before: string | undefined,
    limit: number,
  ): Promise<readonly AccessRecord[]> {
    this.reads.push(source.kind);
    return this.entriesOf()
      .filter((e) =>
        source.kind === 'customer'
          ? e.customerId === source.customerId && (source.who === undefined || e.who === source.who)
          : source.kind === 'actor'
            ? e.who === source.who
            : e.day === source.day,
      )
      .filter((e) => e.accessId >= range.low && e.accessId <= range.high)
      .filter((e) => before === undefined || e.accessId < before)
      .sort((a, b) => (a.accessId < b.accessId ? 1 : -1))
      .slice(0, limit)
      .map((e) => accessRecordOf(e) as AccessRecord);
  }
}
