import { parse } from 'yaml';
import { OncallError } from '../../domain/errors.js';
import { routingTreeFrom, type RoutingTree } from '../../domain/routing.js';
import type { AmStatus } from './api.js';

/**
 * The routing tree from `GET /api/v2/status`: Alertmanager re-serialises its configuration as YAML in
 * `config.original` (secrets masked), so the routes are read as Alertmanager itself holds them.
 */
export function routingTreeOf(status: AmStatus, source = 'alertmanager'): RoutingTree {
  if (!status.configYaml) {
    throw new OncallError('bad_response', 'the status answer has no configuration to read the routes from', { source });
  }
  let config: unknown;
  try {
    config = parse(status.configYaml);
  } catch (err) {
    throw new OncallError('bad_response', `its configuration is not YAML we can read (${(err as Error).message.split('\n')[0]})`, { source });
  }
  return routingTreeFrom(config);
}

/**
 * The routing tree of each status answer, the last one kept while Alertmanager's configuration text
 * is the same: the join keys on the tree and remembers each alert's groups under it, and a new tree
 * at every reading (every five minutes) joined every alert again.
 */
export function routesReader(status: () => Promise<AmStatus>, source = 'alertmanager'): () => Promise<RoutingTree> {
  let last: { yaml: string; tree: RoutingTree } | undefined;
  return async () => {
    const answer = await status();
    if (last && answer.configYaml === last.yaml) return last.tree;
    const tree = routingTreeOf(answer, source);
    last = { yaml: answer.configYaml!, tree };
    return tree;
  };
}
