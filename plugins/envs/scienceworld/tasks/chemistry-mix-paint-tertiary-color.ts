/** Task 6-3: mix a secondary colour of paint, then a tertiary one from it (see the paint family). */
import { paintTask } from './family/paint.ts';

export default paintTask('6-3', 'tertiary');
