/**
 * Loads the Kubernetes client configuration: the kubeconfig named in the config, else
 * $KUBECONFIG / ~/.kube/config, else the in-cluster service account; optionally a named context.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { HeadroomError } from '../../domain/errors.js';
import { kubernetesMessages as msg } from './messages.js';

export function loadKubeConfig(options: { kubeconfig?: string; context?: string }): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new HeadroomError('CONFIG_INVALID', msg.noConfig(options.kubeconfig ? `${options.kubeconfig}: ${detail}` : detail), { hint: msg.noConfigHint, cause: err });
  }
  if (options.context) {
    if (!kc.getContexts().some((c) => c.name === options.context)) throw new HeadroomError('CONFIG_INVALID', msg.unknownContext(options.context), { hint: msg.unknownContextHint });
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) throw new HeadroomError('CONFIG_INVALID', msg.noConfig('the current context names no cluster'), { hint: msg.noConfigHint });
  return kc;
}
