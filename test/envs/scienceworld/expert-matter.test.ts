import { describe } from 'vitest';
import { expertSucceedsEverywhere } from './expert-cases.ts';

describe('scienceworld expert (matter tasks)', () => {
  expertSucceedsEverywhere(['1-1', '1-2', '1-3', '1-4']);
});
