import { describe } from 'node:test';
import { faultShareTests } from './helpers/fault-selftest.ts';

describe('each fault fails the run naming its rule (share 2 of 2)', () => faultShareTests(1, 2));
