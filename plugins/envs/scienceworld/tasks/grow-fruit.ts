/** Task 5-2: grow fruit, letting the bees cross-pollinate the flowers (see the growing family). */
import { growTask } from './family/growing.ts';

export default growTask('5-2', 'grow fruit');
