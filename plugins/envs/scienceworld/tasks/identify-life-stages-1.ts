/** Task 8-1: focus on the life stages of an animal as it grows (see the life-stages family). */
import { animalVariations, lifeStagesTask } from './family/life-stages.ts';

export default lifeStagesTask('8-1', 'identify-life-stages-1', animalVariations);
