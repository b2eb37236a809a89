/**
 * Expert skill: wire a series circuit. The source's anode goes through one wire to the part's cathode, and
 * the part's anode back through another wire (and, when testing a material, through the material between
 * two wires) to the source's cathode — the polarity ScienceWorld's parts need.
 *
 * Terminals are named as the valid actions name them (`anode in battery`, `terminal 1 in red wire`, or
 * `red wire terminal 1` where that is the unique name), so that an agent choosing among the valid actions
 * can take every step. A material (aluminum foil) has no terminals of its own in the valid actions, as in
 * ScienceWorld: it is connected by name, and the connection takes its first free terminal.
 */
import type { Thing } from '../world/world.ts';
import { type Expert, ExpertError } from './expert.ts';

/** The valid actions' name for one of a component's two terminals (slot 0: anode or terminal 1). */
function term(x: Expert, t: Thing, which: 'anode' | 'cathode' | 'terminal 1' | 'terminal 2'): string {
  return x.ref(x.w.terminalId(t.id, which === 'anode' || which === 'terminal 1' ? 0 : 1));
}

export function freeWires(x: Expert, count: number): Thing[] {
  const wires = x.visible((t) => t.electrical === 'wire' && !x.w.isElectricallyConnected(t.id));
  if (wires.length < count) throw new ExpertError(`needs ${count} free wires, found ${wires.length}`);
  return wires.slice(0, count);
}

/**
 * `build circuit(<part>, <source>)`: connects source → wire → part → wire (→ material → wire) → source.
 * `material` is a thing to put in series (for conductivity tests), with the name subtasks give it.
 */
export function buildCircuit(x: Expert, part: Thing, source: Thing, material?: { name: string; id: number }): void {
  const wires = freeWires(x, material ? 3 : 2);
  x.begin(`build circuit(${part.name}, ${source.name}${material ? `, ${material.name}` : ''})`);
  const link = (a: string, b: string, label: string) => x.act(`connect ${a} to ${b}`, label);
  link(term(x, source, 'anode'), term(x, wires[0], 'terminal 1'), `The ${source.name} anode is wired to the ${wires[0].name}.`);
  link(term(x, source, 'cathode'), term(x, wires[1], 'terminal 1'), `The ${source.name} cathode is wired to the ${wires[1].name}.`);
  link(term(x, wires[0], 'terminal 2'), term(x, part, 'cathode'), `The ${wires[0].name} now reaches the ${part.name} cathode.`);
  if (!material) {
    link(term(x, wires[1], 'terminal 2'), term(x, part, 'anode'), `The circuit is closed through the ${part.name}.`);
    return;
  }
  link(term(x, wires[2], 'terminal 2'), term(x, part, 'anode'), `The ${wires[2].name} now reaches the ${part.name} anode.`);
  link(x.ref(material.id), term(x, wires[1], 'terminal 2'), `One side of the ${material.name} is wired toward the ${source.name}.`);
  link(x.ref(material.id), term(x, wires[2], 'terminal 1'), `The ${material.name} now sits in series with the ${part.name}.`);
}
