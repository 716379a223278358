import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities.js';

const { answerAfter } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

/** The floor: a workflow that does nothing but run one activity and return its result. */
export async function benchFloor(latencyMs: number): Promise<number> {
  return await answerAfter(latencyMs);
}
