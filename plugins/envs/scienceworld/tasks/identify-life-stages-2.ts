/** Task 8-2: focus on the life stages of a fruit tree, shown side by side (see the life-stages family). */
import { lifeStagesTask, plantVariations } from './family/life-stages.ts';

export default lifeStagesTask('8-2', 'identify-life-stages-2', plantVariations);
