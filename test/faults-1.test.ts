import { describeFaultShare } from './helpers/fault-selftest.ts';

describeFaultShare(0, 2);
