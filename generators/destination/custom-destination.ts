/**
 * The Python module of a custom destination: a function decorated with @dlt.destination that dlt
 * calls with batches of rows. Its settings resolve from [destination.<name>].
 */
export interface CustomDestinationModule {
  path: string;
  contents: string;
  /** What dlt.pipeline(destination=...) takes: module.function, importable from the project folder. */
  reference: string;
}

export function customDestinationModule(name: string): string {
  return name.endsWith('_destination') ? name : `${name}_destination`;
}

export function renderCustomDestination(name: string): CustomDestinationModule {
  const module = customDestinationModule(name);
  const reference = `${module}.${name}`;
  const contents = [
    `"""A custom dlt destination: dlt calls ${name}() with batches of rows, table by table.`,
    '',
    'Its settings come from .dlt/config.toml and its secrets from .dlt/secrets.toml, under',
    `[destination.${name}]. A pipeline loads into it with`,
    `dlt.pipeline(destination="${reference}").`,
    'Docs: https://dlthub.com/docs/dlt-ecosystem/destinations/destination',
    '"""',
    '',
    'import dlt',
    'from dlt.common.schema import TTableSchema',
    'from dlt.common.typing import TDataItems',
    '',
    '',
    '@dlt.destination(batch_size=100)',
    `def ${name}(`,
    '    items: TDataItems,',
    '    table: TTableSchema,',
    '    api_url: str = dlt.config.value,',
    '    api_key: str = dlt.secrets.value,',
    ') -> None:',
    '    """Sends one batch of rows of one table. Raise an exception and dlt retries the batch."""',
    '    # Replace this with a call to your API, for example with requests:',
    '    #   requests.post(f"{api_url}/{table[\'name\']}", json=items, headers={"Authorization": api_key})',
    `    print(f"{table['name']}: {len(items)} rows to {api_url}")`,
    '',
  ].join('\n');
  return { path: `${module}.py`, contents, reference };
}
