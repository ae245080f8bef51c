/**
 * The one place dlt:rest and dlt:custom put a source's settings and secrets: `[sources.<source
 * name>]`, the name given to @dlt.source(name=...). dlt 1.31 resolves a source function's arguments
 * from sources.<module>.<name>, sources.<module>, sources.<name>, sources, in that order
 * (ConfigFieldMissingException lists them); sources.<name> is the one that holds whatever file the
 * function lives in, run as a script or imported (checked both ways), and reads as the source.
 */
export function sourceSection(sourceName: string): string[] {
  return ['sources', sourceName];
}
