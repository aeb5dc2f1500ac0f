import type { CatalogRepository } from '#app/catalog-ports.js';
import type { ActorRole, ItemVersion, JsonObject, TransitionRecord } from '#core/governance/model.js';
import { optional } from './record-views.js';

/**
 * "Which trigger version decided this, what did it say, and who approved it when": the governed catalog's
 * record of one trigger version, attached to an explanation. The catalog table keeps every version and
 * every transition for good (no TTL, retained), so a decision explained years later still shows the exact
 * version, its compatibility answers (GDPR art. 6(4)) and its approval. Fields are copied from a whitelist.
 */

export interface TransitionSummary {
  readonly action: TransitionRecord['action'];
  readonly to: TransitionRecord['to'];
  readonly by: string;
  readonly role: ActorRole;
  readonly at: string;
  readonly comment?: string;
  readonly reasons?: readonly string[];
}

export interface CompatibilityAnswers {
  readonly linkToOriginalPurpose?: string;
  readonly howObtained?: string;
  readonly sensitivity?: string;
  readonly consequences?: string;
  readonly safeguards?: string;
}

export type TriggerProvenance =
  | {
      readonly found: true;
      readonly triggerId: string;
      readonly version: number;
      readonly contentHash: string;
      readonly origin: ItemVersion['origin'];
      readonly state: ItemVersion['state'];
      readonly description?: string;
      readonly purpose?: string;
      readonly legalBasis?: string;
      readonly dpiaReference?: string;
      readonly textMatchJustification?: string;
      readonly compatibility?: CompatibilityAnswers;
      readonly author: string;
      readonly editors: readonly string[];
      readonly approval?: { readonly by: string; readonly at: string; readonly comment?: string };
      readonly liveFrom?: string;
      readonly retiredAt?: string;
      /** Every step of this version's lifecycle, oldest first. */
      readonly transitions: readonly TransitionSummary[];
    }
  | {
      readonly found: false;
      readonly triggerId: string;
      readonly version: number;
      readonly note: string;
    };

const NOT_FOUND_NOTE =
  'This trigger version is not in the governed catalog: the decision was taken before the catalog was ' +
  'governed (a bundled file catalog), or by a local trial catalog.';

const text = (content: JsonObject, key: string): string | undefined => {
  const value = content[key];
  return typeof value === 'string' ? value : undefined;
};

function compatibilityOf(content: JsonObject): CompatibilityAnswers | undefined {
  const raw = content.compatibility;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const answers = raw as JsonObject;
  const keys = ['linkToOriginalPurpose', 'howObtained', 'sensitivity', 'consequences', 'safeguards'] as const;
  return Object.fromEntries(
    keys.flatMap((key) => {
      const value = text(answers, key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

function summary(transition: TransitionRecord): TransitionSummary {
  return {
    action: transition.action,
    to: transition.to,
    by: transition.by,
    role: transition.role,
    at: transition.at,
    ...optional('comment', transition.comment),
    ...(transition.reasons === undefined ? {} : { reasons: [...transition.reasons] }),
  };
}

/** The provenance of one trigger version, read from the catalog (one Query on the trigger's partition). */
export async function triggerProvenance(
  catalog: Pick<CatalogRepository, 'load'>,
  triggerId: string,
  version: number,
): Promise<TriggerProvenance> {
  const history = await catalog.load('trigger', triggerId);
  const found = history?.versions.find((v) => v.version === version);
  if (history === undefined || found === undefined) {
    return { found: false, triggerId, version, note: NOT_FOUND_NOTE };
  }
  const compatibility = compatibilityOf(found.content);
  return {
    found: true,
    triggerId,
    version,
    contentHash: found.contentHash,
    origin: found.origin,
    state: found.state,
    ...optional('description', text(found.content, 'description')),
    ...optional('purpose', text(found.content, 'purpose')),
    ...optional('legalBasis', text(found.content, 'legalBasis')),
    ...optional('dpiaReference', text(found.content, 'dpiaReference')),
    ...optional('textMatchJustification', text(found.content, 'textMatchJustification')),
    ...(compatibility === undefined ? {} : { compatibility }),
    author: found.author,
    editors: [...found.editors],
    ...(found.approval === undefined
      ? {}
      : {
          approval: {
            by: found.approval.by,
            at: found.approval.at,
            ...optional('comment', found.approval.comment),
          },
        }),
    ...optional('liveFrom', found.liveFrom),
    ...optional('retiredAt', found.retiredAt),
    transitions: history.transitions.filter((t) => t.version === version).map(summary),
  };
}

/** The provenance as lines of text (label, value) for the CLI's explanation. */
export function provenanceLines(provenance: TriggerProvenance): Array<[string, string]> {
  if (!provenance.found) return [['trigger record', provenance.note]];
  const lines: Array<[string, string | undefined]> = [
    ['trigger record', `${provenance.triggerId} v${provenance.version} (${provenance.origin})`],
    ['content hash', provenance.contentHash],
    ['purpose', provenance.purpose],
    ['legal basis', provenance.legalBasis],
    ['DPIA', provenance.dpiaReference],
    ['authored by', provenance.author],
    ['edited by', provenance.editors.length === 0 ? undefined : provenance.editors.join(', ')],
    [
      'approved',
      provenance.approval === undefined
        ? 'never'
        : `by ${provenance.approval.by} at ${provenance.approval.at}${provenance.approval.comment ? ` (${provenance.approval.comment})` : ''}`,
    ],
    ['live from', provenance.liveFrom],
    ['retired at', provenance.retiredAt],
  ];
  for (const [key, value] of Object.entries(provenance.compatibility ?? {})) {
    lines.push([`compatibility: ${key}`, value]);
  }
  return lines.filter((line): line is [string, string] => line[1] !== undefined);
}
