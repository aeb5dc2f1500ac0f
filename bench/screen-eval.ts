import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as z from 'zod';
import type { PaymentEvent } from '#core/payment-event.js';
import { DEFAULT_SENSITIVE_RULES, type SensitiveRules, screenSensitive } from '#core/sensitive.js';
import type { BenchFigure } from './result.js';

/**
 * The sensitive screen measured on a labelled corpus (issue 10): recall per category on the sensitive
 * lines, false-positive rate on the innocuous look-alikes. Each line becomes the payment a bank would
 * see: a transfer whose counterparty name or reference is the text, or a card payment at a merchant of
 * that name under a neutral MCC (5999), so only the lexicon, never the MCC list, decides.
 * Run: npm run screen:eval [-- --corpus file.jsonl] [-- --misses]
 */

export const RECALL_TARGET = 0.99;
export const FALSE_POSITIVE_TARGET = 0.02;

const CorpusLine = z.object({
  text: z.string().min(1),
  field: z.enum(['counterparty.name', 'counterparty.reference', 'merchant.name']),
  category: z.string().min(1).nullable(),
  lang: z.string(),
  note: z.string().optional(),
});
export type CorpusLine = z.infer<typeof CorpusLine>;

export const DEFAULT_CORPUS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../test/fixtures/sensitive-corpus/corpus.jsonl',
);

export function readCorpus(path: string): CorpusLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      const parsed = CorpusLine.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`${path}:${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}

/** The payment a corpus line stands for; everything but the labelled text is neutral. */
export function eventFor(line: CorpusLine, index: number): PaymentEvent {
  const base = {
    eventId: `eval-${index}`,
    customerId: 'eval-customer',
    occurredAt: '2026-11-30T10:00:00Z',
    amount: { minor: 2_500, currency: 'EUR' },
  };
  switch (line.field) {
    case 'merchant.name':
      return { ...base, type: 'card_payment', merchant: { name: line.text, mcc: '5999', country: 'NL' } };
    case 'counterparty.name':
      return { ...base, type: 'transfer_out', counterparty: { name: line.text } };
    case 'counterparty.reference':
      return { ...base, type: 'transfer_out', counterparty: { name: 'J. de Vries', reference: line.text } };
  }
}

export interface ScreenEvaluation {
  readonly perCategory: ReadonlyArray<{ category: string; total: number; caught: number }>;
  readonly innocuous: { readonly total: number; readonly screened: number };
  readonly misses: readonly CorpusLine[];
  readonly falsePositives: readonly CorpusLine[];
}

export function evaluateScreen(lines: readonly CorpusLine[], rules: SensitiveRules): ScreenEvaluation {
  const counts = new Map<string, { total: number; caught: number }>();
  const misses: CorpusLine[] = [];
  const falsePositives: CorpusLine[] = [];
  let innocuous = 0;
  let screenedInnocuous = 0;
  lines.forEach((line, index) => {
    const screened = screenSensitive(eventFor(line, index), rules);
    if (line.category === null) {
      innocuous += 1;
      if (screened) {
        screenedInnocuous += 1;
        falsePositives.push(line);
      }
      return;
    }
    const count = counts.get(line.category) ?? { total: 0, caught: 0 };
    count.total += 1;
    if (screened) count.caught += 1;
    else misses.push(line);
    counts.set(line.category, count);
  });
  const perCategory = [...counts.entries()]
    .map(([category, count]) => ({ category, ...count }))
    .sort((a, b) => a.category.localeCompare(b.category));
  return {
    perCategory,
    innocuous: { total: innocuous, screened: screenedInnocuous },
    misses,
    falsePositives,
  };
}

export function screenFigures(evaluation: ScreenEvaluation): BenchFigure[] {
  const figures: BenchFigure[] = evaluation.perCategory.map(({ category, total, caught }) => {
    const recall = total === 0 ? 1 : caught / total;
    return {
      name: `recall ${category} (${caught}/${total})`,
      value: Math.round(recall * 1_000) / 10,
      unit: '%',
      target: `>= ${RECALL_TARGET * 100} %`,
      pass: recall >= RECALL_TARGET,
    };
  });
  const { total, screened } = evaluation.innocuous;
  const rate = total === 0 ? 0 : screened / total;
  figures.push({
    name: `false positives (${screened}/${total} look-alikes)`,
    value: Math.round(rate * 1_000) / 10,
    unit: '%',
    target: `<= ${FALSE_POSITIVE_TARGET * 100} %`,
    pass: rate <= FALSE_POSITIVE_TARGET,
  });
  return figures;
}

/** For `npm run bench`: the figures on the repository's corpus with the shipped lexicon. */
export async function runScreenEval(): Promise<BenchFigure[]> {
  return screenFigures(evaluateScreen(readCorpus(DEFAULT_CORPUS), DEFAULT_SENSITIVE_RULES));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatFigures } = await import('./result.js');
  const args = process.argv.slice(2);
  const corpusAt = args.indexOf('--corpus');
  const path = corpusAt >= 0 ? resolve(args[corpusAt + 1] ?? '') : DEFAULT_CORPUS;
  const lines = readCorpus(path);
  const evaluation = evaluateScreen(lines, DEFAULT_SENSITIVE_RULES);
  const figures = screenFigures(evaluation);
  console.log(
    formatFigures(
      `Sensitive screen on ${lines.length} labelled lines (lexicon ${DEFAULT_SENSITIVE_RULES.version})`,
      figures,
    ),
  );
  if (args.includes('--misses')) {
    for (const miss of evaluation.misses)
      console.log(`  missed   ${miss.category} ${miss.field}: ${miss.text}`);
    for (const hit of evaluation.falsePositives) console.log(`  screened null ${hit.field}: ${hit.text}`);
  }
  if (figures.some((figure) => figure.pass === false)) process.exitCode = 1;
}
