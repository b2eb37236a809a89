import { describe } from 'vitest';
import { expertSucceedsEverywhere } from './expert-cases.ts';

describe('scienceworld expert (measurement tasks)', () => {
  expertSucceedsEverywhere(['2-1', '2-2']);
});
