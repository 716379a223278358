import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFigures, summaryLine } from '../test/soak/soak-figures.js';

// npm run soak: the fault and load scenarios of test/soak at full size (SOAK_LEVEL=long), each
// printing its figure, then one line adding them up. Loopback only; every scenario has its own
// deadline, and the whole run stops after 60 minutes.
//   npm run soak                 all scenarios
//   npm run soak -- worker-kill  those whose file name matches

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'typecast-soak-'));
const figuresFile = join(dir, 'figures.jsonl');
writeFileSync(figuresFile, '');

const filters = process.argv.slice(2);
const vitest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    ...(filters.length > 0 ? filters.map((f) => `test/soak/${f}`) : ['test/soak']),
    '--testTimeout=1200000',
    '--hookTimeout=300000',
    '--fileParallelism=false',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    timeout: 60 * 60 * 1000,
    env: { ...process.env, SOAK_LEVEL: 'long', SOAK_FIGURES_FILE: figuresFile },
  },
);

const figures = readFigures(figuresFile);
rmSync(dir, { recursive: true, force: true });
console.log('');
for (const figure of figures)
  console.log(
    `  ${figure.name.padEnd(22)} ${figure.detail} (${figure.faults} faults, ${figure.survived} survived, ${figure.lost} lost)`,
  );
const summary = summaryLine(figures);
console.log(summary);
const lost = figures.some((figure) => figure.lost > 0 || figure.survived < figure.faults);
process.exit(vitest.status === 0 && !lost ? 0 : 1);
