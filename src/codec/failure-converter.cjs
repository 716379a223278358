// The failure converter of every client, worker and workflow bundle (src/codec/data-converter.ts
// names this file by path: the SDK loads it with require() and bundles it into the workflows).
// Failure messages and stack traces may quote what a person submitted (a target type, the
// model's answer); encoded, they become a payload, which the encryption codec then encrypts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
