import { bodyLimit } from 'hono/body-limit';
import { formatSize, type BatchLimits } from '../batch/input/index.js';
import { ApiError } from './api-errors.js';

/** Room for the multipart envelope and the other fields around a file at the size limit. */
const envelopeBytes = 1024 * 1024;

/**
 * Refuses a batch body far over the file limit before it is read; a body within it is read
 * whole and the file's own size is judged by the reader, with the same code.
 */
export function batchBodyLimit(limits: BatchLimits) {
  const maxSize = limits.maxBytes + envelopeBytes;
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(
        'FileTooLarge',
        `The request is over ${formatSize(maxSize)}; a batch file may be at most ${formatSize(limits.maxBytes)}. Split it into several files.`,
        { maxBytes: limits.maxBytes },
      );
    },
  });
}
