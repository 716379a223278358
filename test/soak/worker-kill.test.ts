import { expect } from 'vitest';
import { startCast } from '../../src/client/start-cast.js';
import { eventually, fastActivity, numberListRequest } from '../support/cast-fixtures.js';
import { castTest } from '../support/fixtures.js';
import { castPromptOf } from '../support/model-server.js';
import { randomTaskQueue, temporalAddress } from '../support/temporal.js';
import { spawnEntry, stopProcess, waitForOutput } from '../support/worker-process.js';
import { recordFigure, sized, soakLong } from './soak-figures.js';

const casts = sized(20, 100);

castTest(
  `a worker SIGKILLed with ${casts} casts in flight: a new worker completes every one, none twice`,
  async ({ model, client }) => {
    const taskQueue = randomTaskQueue('soak-kill');
    const env = {
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: model.url,
      WORKER_MAX_CONCURRENT_ACTIVITIES: String(casts),
      LOG_LEVEL: 'info',
    };
    // Until the kill every call hangs, so all of them are in flight in the dying worker;
    // afterwards each answers with its own number.
    let killed = false;
    const requests = Array.from({ length: casts }, (_, i) =>
      numberListRequest({ text: `cast ${i} of the kill (${Date.now()})` }),
    );
    model.respondWith((body) => {
      if (!killed) return { hang: true };
      const prompt = castPromptOf(body);
      const index = requests.findIndex((r) => prompt.includes(r.text));
      return { answer: [index] };
    });
    const before = model.requests.length;

    const first = spawnEntry('src/worker.ts', env);
    let second: ReturnType<typeof spawnEntry> | undefined;
    try {
      await waitForOutput(first, /worker started/);
      const started = await Promise.all(
        requests.map((request) =>
          startCast(
            {
              client,
              taskQueue,
              activity: { ...fastActivity, heartbeatTimeoutMs: 10_000, maximumAttempts: 5 },
            },
            request,
          ),
        ),
      );
      await model.waitForRequests(before + casts, 60_000);
      await stopProcess(first, 'SIGKILL');
      killed = true;

      second = spawnEntry('src/worker.ts', env);
      await waitForOutput(second, /worker started/);
      const results = await Promise.all(
        started.map((cast) =>
          eventually(
            async () => (await client.workflow.getHandle(cast.id).describe()).status.name,
            (status) => status !== 'RUNNING',
            { timeoutMs: soakLong ? 300_000 : 120_000, intervalMs: 500 },
          ).then(
            () => client.workflow.getHandle(cast.id).result() as Promise<{ result: number[] }>,
          ),
        ),
      );

      // Completed once each: one answered model call per cast, one completed activity, one run.
      const answered = new Map<number, number>();
      for (const request of model.requests.slice(before)) {
        if (request.answeredAt === undefined) continue;
        const prompt = castPromptOf(request.body);
        const index = requests.findIndex((r) => prompt.includes(r.text));
        answered.set(index, (answered.get(index) ?? 0) + 1);
      }
      let completedActivities = 0;
      for (const cast of started) {
        const history = await client.workflow.getHandle(cast.id).fetchHistory();
        completedActivities += (history.events ?? []).filter(
          (e) => e.activityTaskCompletedEventAttributes,
        ).length;
      }
      const completed = results.filter((r, i) => r.result?.[0] === i).length;
      const twice = [...answered.values()].filter((n) => n > 1).length;
      recordFigure({
        name: 'worker-kill',
        faults: 1,
        survived: completed === casts && twice === 0 ? 1 : 0,
        lost: casts - completed,
        detail: `${casts} casts in flight at SIGKILL: ${completed} completed, ${twice} completed twice, ${completedActivities} completed activities`,
      });
      expect(completed).toBe(casts);
      expect([...answered.keys()].sort((a, b) => a - b)).toEqual(requests.map((_, i) => i));
      expect(twice).toBe(0);
      expect(completedActivities).toBe(casts);
    } finally {
      await stopProcess(first, 'SIGKILL');
      if (second) await stopProcess(second);
    }
  },
);
