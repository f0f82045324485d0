// vitest setup file of the suites: waits for the run's TargetInfo (harness/run/target-channel.ts)
// before a suite file is collected, so that target() is ready where the cases are declared.
import { inject } from 'vitest';
import { receiveTarget } from '../../harness/run/target-channel.ts';
import { hasTarget, setTarget } from './target.ts';

if (!hasTarget()) setTarget(await receiveTarget(inject('targetChannel')));
