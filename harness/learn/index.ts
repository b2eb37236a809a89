/**
 * The learning kit: everything an agent needs to learn from an environment's demonstrations and its own
 * rollouts with small TensorFlow.js networks. Public, like `harness/api.ts`: third-party agents may use it.
 *
 * - `backend.ts`          tensor backend selection (tfjs-node → wasm with SIMD → cpu) and what is in use
 * - `gradients.ts`        gradient functions for the kernels the kit uses (tfjs-core alone registers none)
 * - `text-features.ts`    the shared text encoder (hashed word n-grams by prompt field, overlap features)
 * - `layers.ts`           dense layers on seeded variables, the hashed-input layer, Polyak updates
 * - `candidate-policy.ts` the candidate scorer (a policy over valid actions / subtasks / progress texts)
 * - `critic.ts`           V and Q heads with Polyak-averaged targets
 * - `losses.ts`           BC, TD, expectile and advantage-weighted losses, on one screen
 * - `bc-trainer.ts`, `offline-rl-trainer.ts`   the two training stages (`optim.ts`: one clipped step), each with
 *                         two engines: `fused` (default; `fused-*.ts` over the SIMD kernels of `wasm-kernels.ts`)
 *                         and `tfjs` (the reference)
 * - `samples.ts`, `level-data.ts`   training samples, negative sampling, logged decisions → samples
 * - `episodes.ts`         demonstration recording, rollout collection, the paper's level rewards
 * - `choosers.ts`         network / teacher / recording choosers for an agent's controller
 * - `checkpoint.ts`       weights as plain files
 *
 * See README.md in this folder for the design and the measured facts behind it.
 */
export * from './backend.ts';
export * from './bc-trainer.ts';
export * from './candidate-policy.ts';
export * from './checkpoint.ts';
export * from './choosers.ts';
export * from './critic.ts';
export * from './episodes.ts';
export { registerGradients } from './gradients.ts';
export * from './layers.ts';
export * from './level-data.ts';
export * from './losses.ts';
export * from './offline-rl-trainer.ts';
export * from './optim.ts';
export * from './samples.ts';
export * from './text-features.ts';
export * from './trainer-hooks.ts';
