import { describeFixtures } from './helpers';

// Fixtures left out of scope, by name, each with the reason. None: every option the fixtures use is ported.
describeFixtures('button', {});
