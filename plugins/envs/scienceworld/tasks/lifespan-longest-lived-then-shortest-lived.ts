/** Task 7-3: focus on the animal with the longest, then the shortest, life span (see the lifespan family). */
import { lifespanTask } from './family/lifespan.ts';

export default lifespanTask('7-3', 'longest then shortest');
