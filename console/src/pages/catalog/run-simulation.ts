/**
 * Running a simulation from a page: the request's events from the chosen source (the demo sample, or an
 * uploaded JSONL file read in the browser and sent as text), and the answer or the refusal.
 */

import { type SimulationAnswer, type SimulationEvents, simulate } from '../../api/catalog.js';
import { asProblem, type Problem } from '../../api/client.js';

/** The route's body limit: a larger file is refused here, before it is read. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type SimulationRun =
  | { readonly state: 'idle' }
  | { readonly state: 'running' }
  | { readonly state: 'failed'; readonly problem: Problem }
  | { readonly state: 'done'; readonly answer: SimulationAnswer };

/** The events of a file, or what is wrong with it. */
export async function eventsOfFile(file: File | undefined): Promise<SimulationEvents | Problem> {
  if (file === undefined) return { title: 'Choose an events file (JSONL) first' };
  if (file.size > MAX_UPLOAD_BYTES) {
    return {
      title: 'The file is too large',
      detail: `at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; it has ${file.size} bytes`,
    };
  }
  return { jsonl: await file.text() };
}

export async function runSimulation(
  id: string,
  version: number,
  events: SimulationEvents,
): Promise<SimulationRun> {
  try {
    const { data, error, response } = await simulate({ candidate: { kind: 'trigger', id, version }, events });
    return data === undefined
      ? { state: 'failed', problem: asProblem(error, response.status) }
      : { state: 'done', answer: data };
  } catch (error) {
    return { state: 'failed', problem: asProblem(error) };
  }
}
