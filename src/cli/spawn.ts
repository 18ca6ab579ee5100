export { runProcess as run } from '../util/run-process.ts';
