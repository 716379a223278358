import type { Scenario } from '../scenario.js';
import { batchScenario } from './batch.js';
import { castsScenario } from './casts.js';
import { floorScenario, floorSoloScenario } from './floor.js';
import { readersScenario } from './readers.js';

/**
 * Every scenario, in the order they run on each checkout. The floor goes first, on a dev server
 * that has run nothing else; the readers go last.
 */
export const scenarios: readonly Scenario[] = [
  floorSoloScenario,
  floorScenario,
  castsScenario,
  batchScenario,
  readersScenario,
];
