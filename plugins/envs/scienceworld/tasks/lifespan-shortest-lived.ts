/** Task 7-2: focus on the animal with the shortest life span (see the lifespan family). */
import { lifespanTask } from './family/lifespan.ts';

export default lifespanTask('7-2', 'shortest');
