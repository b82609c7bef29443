/** The names of the rightsizing output formats, apart from the formatters so that the CLI can list them without loading them. */
export const rightsizeFormats = ['table', 'json', 'csv', 'markdown'] as const;
export type RightsizeFormat = (typeof rightsizeFormats)[number];
