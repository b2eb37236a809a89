import { describe } from 'vitest';
import { expertSucceedsEverywhere } from './expert-cases.ts';

describe('scienceworld expert (biology tasks: growing, lifespans, life stages)', () => {
  expertSucceedsEverywhere(['5-1', '5-2', '7-1', '7-2', '7-3', '8-1', '8-2']);
});
