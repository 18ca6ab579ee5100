import { describe } from 'node:test';
import { faultShareTests } from './helpers/fault-selftest.ts';

describe('each fault fails the run naming its rule (share 1 of 2)', () => faultShareTests(0, 2));
