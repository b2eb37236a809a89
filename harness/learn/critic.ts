/**
 * A level's critic, as in the paper: a V head on the prompt features and a Q head on the features of the
 * chosen continuation (plus its flag), each an MLP on *detached* policy features, each with a target copy
 * that follows it by Polyak averaging.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../api.ts';
import { copyVariables, Mlp, polyakUpdate } from './layers.ts';

export class LevelCritic {
  readonly v: Mlp;
  readonly q: Mlp;
  readonly vTarget: Mlp;
  readonly qTarget: Mlp;

  /** `features` is the policy's hidden width; Q reads it plus one flag input. */
  constructor(
    readonly features: number,
    hidden: number,
    seed: number | string,
  ) {
    const rng = createRng(`critic:${seed}`);
    this.v = new Mlp([features, hidden, hidden, 1], rng);
    this.q = new Mlp([features + 1, hidden, hidden, 1], rng);
    this.vTarget = new Mlp([features, hidden, hidden, 1], rng);
    this.qTarget = new Mlp([features + 1, hidden, hidden, 1], rng);
    copyVariables(this.vTarget.variables(), this.v.variables());
    copyVariables(this.qTarget.variables(), this.q.variables());
  }

  value(promptFeatures: tf.Tensor2D, target = false): tf.Tensor1D {
    return tf.reshape((target ? this.vTarget : this.v).apply(promptFeatures), [-1]) as tf.Tensor1D;
  }

  /** `actionFeatures` are the chosen continuation's joint features with the flag appended as a last column. */
  action(actionFeatures: tf.Tensor2D, target = false): tf.Tensor1D {
    return tf.reshape((target ? this.qTarget : this.q).apply(actionFeatures), [-1]) as tf.Tensor1D;
  }

  variables(): tf.Variable[] {
    return [...this.v.variables(), ...this.q.variables()];
  }

  /** θ̄ ← (1 − rate)·θ̄ + rate·θ for both heads. */
  updateTargets(rate: number): void {
    polyakUpdate(this.vTarget.variables(), this.v.variables(), rate);
    polyakUpdate(this.qTarget.variables(), this.q.variables(), rate);
  }

  dispose(): void {
    for (const m of [this.v, this.q, this.vTarget, this.qTarget]) for (const v of m.variables()) v.dispose();
  }
}
