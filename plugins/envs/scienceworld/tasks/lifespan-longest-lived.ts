/** Task 7-1: focus on the animal with the longest life span (see the lifespan family). */
import { lifespanTask } from './family/lifespan.ts';

export default lifespanTask('7-1', 'longest');
