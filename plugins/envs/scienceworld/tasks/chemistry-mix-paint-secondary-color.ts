/** Task 6-2: mix two primary paints into a secondary colour (see the paint family). */
import { paintTask } from './family/paint.ts';

export default paintTask('6-2', 'secondary');
