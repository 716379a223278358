import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath } from '../src/codec/data-converter.js';

// Production workers load this prebuilt bundle (src/temporal/create-worker.ts) instead of running
// webpack at start-up, so a container starts fast and runs exactly the workflow code that was built.
// The output directory can be overridden (first argument) so tests can build into a temp folder.
const workflowsPath = fileURLToPath(new URL('../src/workflows/index.ts', import.meta.url));
const outDir = process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url));
const bundlePath = `${outDir}/workflow-bundle.js`;

// Failures raised inside workflows are encoded by the same converter as everywhere else.
const { code } = await bundleWorkflowCode({ workflowsPath, failureConverterPath });
await mkdir(dirname(bundlePath), { recursive: true });
await writeFile(bundlePath, code);
console.log(`workflow bundle written to ${bundlePath} (${code.length} bytes)`);
