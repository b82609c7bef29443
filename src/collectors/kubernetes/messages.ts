/** Every user-facing message of the Kubernetes collector, in one place. */
export const kubernetesMessages = {
  unauthorized: (server: string) => `Kubernetes API at ${server} refused the credentials (HTTP 401)`,
  unauthorizedHint: 'refresh the kubeconfig credentials (kubernetes.kubeconfig / the current context)',
  forbidden: (server: string, what: string) => `Kubernetes API at ${server} does not allow listing ${what} (HTTP 403)`,
  forbiddenHint: 'grant the collector a ClusterRole with get/list on pods, nodes, namespaces, resourcequotas, persistentvolumeclaims, apps/*, batch/*, autoscaling/horizontalpodautoscalers and autoscaling.k8s.io/verticalpodautoscalers',
  notFound: (server: string, what: string) => `Kubernetes API at ${server} has no ${what} endpoint (HTTP 404)`,
  notFoundHint: 'check that kubernetes.kubeconfig points at a Kubernetes API server (1.23 or newer)',
  expired: (server: string, what: string) => `Kubernetes API at ${server}: the list of ${what} kept expiring while paging (HTTP 410)`,
  expiredHint: 'retry; the cluster changes faster than the list can be read',
  failed: (server: string, what: string, detail: string) => `Kubernetes API at ${server} failed listing ${what}: ${detail}`,
  failedHint: 'check that the API server is reachable (kubectl get --raw /readyz)',
  noConfig: (detail: string) => `no Kubernetes configuration found (${detail})`,
  noConfigHint: 'set kubernetes.kubeconfig in headroom.yaml, or $KUBECONFIG, or run inside a cluster',
  unknownContext: (context: string) => `kubeconfig has no context "${context}"`,
  unknownContextHint: 'list the contexts with `kubectl config get-contexts` and fix kubernetes.contexts',
  badQuantity: (what: string, detail: string) => `${what}: ${detail}; skipped`,
} as const;
