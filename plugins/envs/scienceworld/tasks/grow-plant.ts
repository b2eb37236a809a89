/** Task 5-1: grow a plant from seed until it reproduces (see the growing family). */
import { growTask } from './family/growing.ts';

export default growTask('5-1', 'grow plant');
