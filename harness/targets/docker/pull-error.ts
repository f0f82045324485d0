// When the engine cannot get an image (no registry reachable, a name it does not have), Docker's
// answer names a registry URL, not the image: say which images a docker run needs and how to give
// them to the engine. testcontainers pulls a helper image of its own, its reaper, named in its
// source (testcontainers 11.9: build/reaper/reaper.js).
import { EnvironmentError } from '../../util/errors.ts';
import { KONG_IMAGE } from '../kong/kong-env.ts';

export const REAPER_IMAGE = 'testcontainers/ryuk:0.14.0';

/** Docker's words for an image it could not get (pull or lookup). */
const PULL_FAILED = /pull access denied|no such image|manifest unknown|not found: manifest|\/v2\/|registry|toomanyrequests|no such host|i\/o timeout|TLS handshake timeout/i;

/** The images a docker run needs: Kong, and testcontainers' reaper unless switched off. */
export function imagesNeeded(env: NodeJS.ProcessEnv = process.env): string[] {
  return [KONG_IMAGE, ...(env.TESTCONTAINERS_RYUK_DISABLED === 'true' ? [] : [REAPER_IMAGE])];
}

/** An EnvironmentError naming the images and how to provide them, when `err` is Docker failing to get one. */
export function pullFailure(err: unknown, env: NodeJS.ProcessEnv = process.env): EnvironmentError | undefined {
  const message = err instanceof Error ? err.message : String(err);
  if (!PULL_FAILED.test(message)) return undefined;
  const why = message.split('\n')[0]!.replace(/^\(HTTP code \d+\)\s*/, '').slice(0, 160);
  const images = imagesNeeded(env);
  return new EnvironmentError(`--target docker: the Docker engine could not get an image it needs (${why}): it needs ${images.join(', ')}; pull them where a registry is reachable (docker pull ${KONG_IMAGE}), or load them from a file (docker save on a machine that has them, then docker load -i), or point the engine at a registry mirror it can reach (dockerd --registry-mirror)`);
}
