/** Grafana file provisioning for the generated dashboards (grafana/provisioning/dashboards/*.yaml). */

/** A dashboards provider reading `path` into folder `folder`. */
export function buildProvisioningDoc(path: string, folder = 'Headroom'): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [{
      name: 'headroom',
      orgId: 1,
      folder,
      type: 'file',
      disableDeletion: false,
      allowUiUpdates: false,
      updateIntervalSeconds: 60,
      options: { path, foldersFromFilesStructure: false },
    }],
  };
}
