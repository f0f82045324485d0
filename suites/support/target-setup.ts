// vitest setup file of the suites under `vitest run`: the TargetInfo globalSetup provided, for
// target() (the CLI sets it itself, harness/run/in-process/).
import { inject } from 'vitest';
import { hasTarget, setTarget } from './target.ts';

if (!hasTarget()) setTarget(inject('target'));
