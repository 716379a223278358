import {
  InterceptingCall,
  ListenerBuilder,
  status,
  type Interceptor,
  type StatusObject,
} from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { TemporalHealth } from './temporal-health.js';

/**
 * A call from the web that set no deadline of its own gets this one. The client's default
 * retries try an unreachable server for ~20 s while a person waits for a page; a running
 * server answers describe, start, query and list in milliseconds.
 */
export const webCallDeadlineMs = 3_000;

/**
 * The web process's gRPC interceptors, outermost first: each call gets a deadline and reports
 * its outcome to the health state; failed calls are retried only while the server is known
 * to be reachable, so once it is not, each request tries it once and answers at once.
 */
export function failFastInterceptors(
  health: TemporalHealth,
  deadlineMs = webCallDeadlineMs,
): Interceptor[] {
  const retries = defaultGrpcRetryOptions();
  return [
    recordOutcome(health, deadlineMs),
    makeGrpcRetryInterceptor({
      delayFunction: retries.delayFunction,
      retryableDecider: (attempt, received) =>
        health.reachable() && retries.retryableDecider(attempt, received),
    }),
  ];
}

function recordOutcome(health: TemporalHealth, deadlineMs: number): Interceptor {
  return (options, nextCall) => {
    const callerDeadline = options.deadline !== undefined && options.deadline !== Infinity;
    const call = nextCall(
      callerDeadline ? options : { ...options, deadline: Date.now() + deadlineMs },
    );
    const listener = new ListenerBuilder()
      .withOnReceiveStatus((received, next) => {
        record(health, received, callerDeadline);
        next(received);
      })
      .build();
    return new InterceptingCall(call, {
      start: (metadata, _listener, next) => next(metadata, listener),
    });
  };
}

function record(health: TemporalHealth, { code, details }: StatusObject, callerDeadline: boolean) {
  if (code === status.UNAVAILABLE || (code === status.DEADLINE_EXCEEDED && !callerDeadline))
    health.recordFailure(`${status[code]}: ${details}`);
  // A caller's own short deadline (a query with no worker to answer it) says nothing about
  // the server; any other status is an answer from it.
  else if (code !== status.DEADLINE_EXCEEDED) health.recordSuccess();
}
