import { describe } from 'vitest';
import { expertSucceedsEverywhere } from './expert-cases.ts';

describe('scienceworld expert (electricity tasks)', () => {
  expertSucceedsEverywhere(['3-1', '3-2', '3-3', '3-4']);
});
