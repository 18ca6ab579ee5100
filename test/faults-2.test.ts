import { describeFaultShare } from './helpers/fault-selftest.ts';

describeFaultShare(1, 2);
