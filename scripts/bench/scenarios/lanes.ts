/**
 * Runs task(0 … count-1) on `lanes` concurrent lanes, each taking the next index as soon as it
 * is free: N clients working through a shared list, as N people or programs would. Stops
 * taking new work once the signal aborts.
 */
export async function inLanes(
  lanes: number,
  count: number,
  signal: AbortSignal,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count && !signal.aborted) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(lanes, count)) }, lane));
}
