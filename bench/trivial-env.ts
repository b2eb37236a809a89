import { definePlugin } from '../harness/api.ts';

/**
 * A trivial env for measuring the harness itself: ten rooms in a ring, eight exits each; reaching room 7 wins.
 * Its step costs about what a fast text env's does (a little string building), so the harness's share shows.
 */
export default definePlugin({
  kind: 'env',
  name: 'trivial',
  version: '1.0.0',
  description: 'A ring of ten rooms (for benchmarks).',
  splits: ['train', 'seen'],
  optionsSchema: { type: 'object', properties: { episodes: { type: 'integer', default: 100 } } },
  episodes: (split, options: { episodes: number }) => Array.from({ length: options.episodes }, (_, i) => ({ id: `${split}-${i}`, task: 'ring', variation: i })),
  create(episode) {
    let room = episode.variation % 7;
    const exits = ['north', 'south', 'east', 'west', 'up', 'down', 'in', 'out'];
    return {
      reset: () => ({ observation: `You are in room ${room}.`, task: 'Your task is to reach room 7.' }),
      validActions: () => exits.map((e) => `go ${e}`),
      step(action) {
        const index = exits.indexOf(action.slice(3));
        if (index < 0) return { observation: 'Nothing happens.', reward: 0, score: 0, done: false, success: false, invalid: true };
        room = (room + index + 1) % 10;
        const won = room === 7;
        return { observation: `You are in room ${room}. Exits: ${exits.join(', ')}.`, reward: won ? 1 : 0, score: won ? 100 : 0, done: won, success: won };
      },
    };
  },
});
