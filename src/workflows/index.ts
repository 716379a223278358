export { castData } from './cast-data.js';
export { castBatch } from './cast-batch.js';
export { castBatchChunk } from './cast-batch-chunk.js';
