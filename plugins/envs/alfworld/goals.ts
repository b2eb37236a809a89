/**
 * The task's goal (ALFWorld's `won`) and its subgoals, for a per-step progress fraction in the manner of
 * AgentBoard: each subgoal, once reached, stays reached; winning reaches them all.
 *
 * Subgoals per task type:
 * - place tasks: target seen, target picked up, [target cleaned/heated/cooled,] goal met
 * - look-at:     target seen, target picked up, lamp switched on, goal met
 * - two objects: target seen, target picked up, one placed, a second picked up while one is placed, goal met
 */
import type { WorldState } from './sim.ts';
import { STATE_CHANGE } from './tasks.ts';
import type { WorldSpec } from './world.ts';

export class GoalTracker {
  private readonly spec: WorldSpec;
  private readonly isTarget: Uint8Array;
  private readonly isDestination: Uint8Array;
  private readonly change: 'clean' | 'heat' | 'cool' | undefined;
  private readonly reached: boolean[];
  won = false;

  constructor(spec: WorldSpec) {
    this.spec = spec;
    const { params } = spec;
    this.isTarget = Uint8Array.from(spec.items, (it) => (it.cls === params.object ? 1 : 0));
    this.isDestination = Uint8Array.from(spec.receptacles, (r) => (r.cls === params.target ? 1 : 0));
    this.change = STATE_CHANGE[params.type]?.verb;
    const slots = params.type === 'pick_two_obj_and_place' ? 5 : params.type === 'pick_and_place_simple' ? 3 : 4;
    this.reached = new Array<boolean>(slots).fill(false);
  }

  /** Re-evaluates after a step; returns the progress fraction (1 once won). */
  update(s: WorldState): number {
    const r = this.reached;
    const held = s.holding;
    const heldTarget = held >= 0 && this.isTarget[held] === 1;
    if (!r[0]) {
      for (let i = 0; i < this.isTarget.length; i++)
        if (this.isTarget[i] && s.seen[i]) {
          r[0] = true;
          break;
        }
    }
    if (heldTarget) r[1] = true;

    const type = this.spec.params.type;
    if (type === 'look_at_obj_in_light') {
      if (!r[2]) for (let i = 0; i < this.spec.toggleable.length; i++) if (this.spec.toggleable[i] && s.isOn(i)) r[2] = true;
      this.won = this.won || (heldTarget && this.lampOnHere(s));
    } else if (type === 'pick_two_obj_and_place') {
      const placed = this.maxPlacedTogether(s);
      if (placed >= 1) r[2] = true;
      if (placed >= 1 && heldTarget) r[3] = true;
      this.won = this.won || placed >= 2;
    } else {
      if (this.change && heldTarget && this.hasState(s, held)) r[2] = true;
      this.won = this.won || this.placedWithState(s);
    }
    if (this.won) r.fill(true);
    let n = 0;
    for (const x of r) if (x) n++;
    return n / r.length;
  }

  private hasState(s: WorldState, item: number): boolean {
    switch (this.change) {
      case 'clean':
        return s.isClean(item);
      case 'heat':
        return s.isHot(item);
      case 'cool':
        return s.isCool(item);
      default:
        return true;
    }
  }

  private placedWithState(s: WorldState): boolean {
    const at = s.itemAt;
    for (let i = 0; i < at.length; i++) {
      if (this.isTarget[i] && at[i] >= 0 && this.isDestination[at[i]] && this.hasState(s, i)) return true;
    }
    return false;
  }

  /** The most target objects sharing one destination receptacle. */
  private maxPlacedTogether(s: WorldState): number {
    const at = s.itemAt;
    let best = 0;
    for (let i = 0; i < at.length; i++) {
      if (!this.isTarget[i] || at[i] < 0 || !this.isDestination[at[i]]) continue;
      let n = 0;
      for (let j = 0; j < at.length; j++) if (this.isTarget[j] && at[j] === at[i]) n++;
      if (n > best) best = n;
    }
    return best;
  }

  private lampOnHere(s: WorldState): boolean {
    const t = this.spec.toggleable;
    for (let i = 0; i < t.length; i++) if (t[i] && s.isOn(i) && s.itemAt[i] === s.agentAt && s.agentAt >= 0) return true;
    return false;
  }
}
