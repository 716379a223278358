import {
  getLlama,
  LlamaLogLevel,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import type { Logger } from '../logger.js';

export interface LoadOptions {
  path: string;
  /** Tokens one request (prompt and answer) can hold. */
  contextSize: number;
  /** CPU threads for generation. */
  threads: number;
  logger?: Logger;
}

export interface LoadedModel {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  dispose(): Promise<void>;
}

const levels: Partial<Record<LlamaLogLevel, 'error' | 'warn' | 'debug'>> = {
  [LlamaLogLevel.fatal]: 'error',
  [LlamaLogLevel.error]: 'error',
  [LlamaLogLevel.warn]: 'warn',
};

/**
 * Loads the GGUF once for the process, on the CPU with the prebuilt binary that npm installed:
 * `build: 'never'` and `skipDownload` mean a missing binary is an error here, never a
 * compile or a download at run time (see docs/decisions/0010).
 */
export async function loadLocalModel(options: LoadOptions): Promise<LoadedModel> {
  const { logger } = options;
  const llama = await getLlama({
    gpu: false,
    build: 'never',
    skipDownload: true,
    usePrebuiltBinaries: true,
    progressLogs: false,
    maxThreads: options.threads,
    logLevel: LlamaLogLevel.warn,
    logger: (level, message) => {
      const at = levels[level] ?? 'debug';
      logger?.[at]({ source: 'llama.cpp' }, message.trim());
    },
  });
  try {
    const model = await llama.loadModel({ modelPath: options.path, gpuLayers: 0 });
    // One sequence: requests take turns (see completion-queue.ts), which on a CPU costs little
    // throughput and keeps memory flat whatever the number of waiting casts.
    const context = await model.createContext({
      contextSize: options.contextSize,
      sequences: 1,
      threads: options.threads,
    });
    return {
      llama,
      model,
      context,
      dispose: async () => {
        await context.dispose();
        await model.dispose();
        await llama.dispose();
      },
    };
  } catch (err) {
    await llama.dispose();
    throw err;
  }
}
