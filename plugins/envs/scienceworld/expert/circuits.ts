/**
 * Expert skill: wire a series circuit. The source's anode goes through one wire to the part's cathode, and
 * the part's anode back through another wire (and, when testing a material, through the material between
 * two wires) to the source's cathode — the polarity ScienceWorld's parts need.
 */
import type { Thing } from '../world/world.ts';
import { ExpertError, type Expert } from './expert.ts';

/** `<owner> <terminal>` as ScienceWorld's gold paths name terminals (`battery anode`, `red wire terminal 1`). */
function term(t: Thing, which: 'anode' | 'cathode' | 'terminal 1' | 'terminal 2'): string {
  return `${t.name} ${which}`;
}

export function freeWires(x: Expert, count: number): Thing[] {
  const wires = x.visible((t) => t.electrical === 'wire' && !x.w.isElectricallyConnected(t.id));
  if (wires.length < count) throw new ExpertError(`needs ${count} free wires, found ${wires.length}`);
  return wires.slice(0, count);
}

/**
 * `build circuit(<part>, <source>)`: connects source → wire → part → wire (→ material → wire) → source.
 * `material` is the referent of a thing to put in series (for conductivity tests).
 */
export function buildCircuit(x: Expert, part: Thing, source: Thing, material?: { name: string; ref: string }): void {
  const wires = freeWires(x, material ? 3 : 2);
  x.begin(`build circuit(${part.name}, ${source.name}${material ? `, ${material.name}` : ''})`);
  const link = (a: string, b: string, label: string) => x.act(`connect ${a} to ${b}`, label);
  link(term(source, 'anode'), term(wires[0], 'terminal 1'), `The ${source.name} anode is wired to the ${wires[0].name}.`);
  link(term(source, 'cathode'), term(wires[1], 'terminal 1'), `The ${source.name} cathode is wired to the ${wires[1].name}.`);
  link(term(wires[0], 'terminal 2'), term(part, 'cathode'), `The ${wires[0].name} now reaches the ${part.name} cathode.`);
  if (!material) {
    link(term(wires[1], 'terminal 2'), term(part, 'anode'), `The circuit is closed through the ${part.name}.`);
    return;
  }
  link(term(wires[2], 'terminal 2'), term(part, 'anode'), `The ${wires[2].name} now reaches the ${part.name} anode.`);
  link(`${material.ref} terminal 1`, term(wires[1], 'terminal 2'), `One side of the ${material.name} is wired toward the ${source.name}.`);
  link(`${material.ref} terminal 2`, term(wires[2], 'terminal 1'), `The ${material.name} now sits in series with the ${part.name}.`);
}
