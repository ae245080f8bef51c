import { fastLoaderFileFormat, PARQUET_EXTRA } from '../../shared/dlt/destinations.js';
import { emptyPlan, type Plan } from '../../shared/plan/plan.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import {
  type AuthMethod,
  type DestinationInfo,
  type DestinationSetting,
  destinationInfo,
  sqlalchemyDialect,
  sqlalchemySettings,
  storageScheme,
} from './catalog.js';
import { fillConnectionString, leaveOutQueryPart, unfilledSlots } from './connection-string.js';
import { renderCustomDestination } from './custom-destination.js';

/** What the questions settled on; `values` holds the settings' values by option name. */
export interface DestinationChoice {
  destination: string;
  /** The custom destination's name (a Python identifier). */
  customName?: string;
  bucketUrl?: string;
  auth?: string;
  credentialsForm?: 'fields' | 'connection-string';
  connectionString?: string;
  drivername?: string;
  values: Record<string, string | number | undefined>;
}

/** One setting, with the table it goes in (below [destination]). */
export interface PlacedSetting {
  setting: DestinationSetting;
  /** Full table path, e.g. ['destination', 'postgres', 'credentials']. */
  table: string[];
}

/** Its one possible file, a custom destination's module, is written only when there is none. */
export interface DestinationPlan extends Plan {
  /** What dlt.pipeline(destination=...) takes: a name, or module.function for a custom destination. */
  reference: string;
  /** The pipeline needs staging="filesystem". */
  staging: boolean;
  /** What a pipeline pointed here passes to pipeline.run(loader_file_format=...), if anything. */
  loaderFileFormat: 'parquet' | undefined;
}

export function requireInfo(name: string): DestinationInfo {
  const info = destinationInfo(name);
  if (!info) throw new Error(`no catalog entry for destination ${name}`);
  return info;
}

/**
 * The bucket whose scheme decides the storage credentials: the one given, the default, or (for a
 * staging bucket that must be S3) a bucket of the one allowed scheme.
 */
function storageBucket(info: DestinationInfo, choice: Pick<DestinationChoice, 'bucketUrl'>): string {
  const storage = info.storage;
  if (!storage) return '';
  return choice.bucketUrl || storage.default || (storage.schemes ? `${storage.schemes[0]}://` : '');
}

/** The ways to authenticate that fit the choice so far (the destination's own, or its storage scheme's). */
export function authMethods(
  choice: Pick<DestinationChoice, 'destination' | 'bucketUrl'>,
): readonly AuthMethod[] {
  const info = requireInfo(choice.destination);
  if (info.auth) return info.auth;
  return storageScheme(storageBucket(info, choice))?.auth ?? [];
}

function chosenAuth(choice: DestinationChoice): AuthMethod | undefined {
  const methods = authMethods(choice);
  return methods.find((method) => method.value === choice.auth) ?? methods[0];
}

export function usesConnectionString(choice: DestinationChoice): boolean {
  return (
    Boolean(requireInfo(choice.destination).connectionString) &&
    choice.credentialsForm === 'connection-string'
  );
}

/**
 * Every setting the choice needs, where it goes, in the order to ask for them. Settings of the
 * destination's credentials are left out when a connection string gives them.
 */
export function placedSettings(choice: DestinationChoice): PlacedSetting[] {
  const info = requireInfo(choice.destination);
  const base = [
    'destination',
    info.name === 'destination' ? (choice.customName ?? 'my_destination') : info.name,
  ];
  const auth = chosenAuth(choice);
  const placed: PlacedSetting[] = [];
  const place = (settings: readonly DestinationSetting[], table: readonly string[]) => {
    for (const setting of settings) placed.push({ setting, table: [...table, ...(setting.table ?? [])] });
  };

  if (info.name === 'sqlalchemy') {
    const drivername = choice.drivername ?? 'sqlite';
    place(
      [{ option: 'drivername', key: 'drivername', table: ['credentials'], label: 'SQLAlchemy driver' }],
      base,
    );
    place(sqlalchemySettings(drivername), base);
  }
  place(info.settings, base);
  if (info.auth && auth) place(auth.settings, base);
  if (info.storage) {
    const { storage } = info;
    const storageTable = [
      ...(storage.destination ? ['destination', storage.destination] : base),
      ...storage.table,
    ];
    const bucketUrl: DestinationSetting = {
      option: 'bucketUrl',
      key: 'bucket_url',
      label: storage.label,
      ...(storage.default ? { default: storage.default } : {}),
      ...(storage.schemes ? { help: `e.g. ${storage.schemes[0]}://my-bucket/staging` } : { optional: true }),
    };
    place([bucketUrl], storageTable);
    const scheme = storageScheme(storageBucket(info, choice));
    const schemeAuth = scheme?.auth.find((method) => method.value === auth?.value) ?? scheme?.auth[0];
    if (schemeAuth) place(schemeAuth.settings, storageTable);
  }

  const credentialsTable = [...base, 'credentials'];
  const kept = usesConnectionString(choice)
    ? placed.filter((entry) => !startsWith(entry.table, credentialsTable))
    : placed;
  // the same key twice (Athena's region, for one): the first, which is the destination's own, wins
  const seen = new Set<string>();
  return kept.filter((entry) => {
    const path = JSON.stringify([...entry.table, entry.setting.key]);
    if (seen.has(path)) return false;
    seen.add(path);
    return true;
  });
}

/**
 * With the connection-string form: the settings the one string stands for (the credentials'
 * settings of the fields form, but the SQLAlchemy driver, which steers the questions). Given as
 * options, they go into the string (see connection-string.ts).
 */
export function connectionStringParts(choice: DestinationChoice): PlacedSetting[] {
  if (!usesConnectionString(choice)) return [];
  const kept = new Set(placedSettings(choice).map((entry) => entry.setting.option));
  return placedSettings({ ...choice, credentialsForm: 'fields' }).filter(
    ({ setting }) => !kept.has(setting.option) && setting.option !== 'drivername',
  );
}

/**
 * The connection string's shape (with the SQLAlchemy driver and its usual port in it) and, when parts were given, the
 * string with them filled in; the parts not given stay <slots>.
 */
function connectionString(
  info: DestinationInfo,
  choice: DestinationChoice,
): { template: string; filled?: string } {
  const drivername = choice.drivername ?? 'sqlite';
  const dialect = info.name === 'sqlalchemy' ? sqlalchemyDialect(drivername) : undefined;
  // a file database (SQLite) has a path where a server has its user, host and port
  const template = fillConnectionString(
    dialect?.file ? '<drivername>:///<database>' : info.connectionString!.template,
    info.name === 'sqlalchemy' ? { drivername, port: dialect?.port } : {},
  );
  const settings = connectionStringParts(choice).map(({ setting }) => setting);
  const given = settings.filter((setting) => choice.values[setting.option] !== undefined);
  if (given.length === 0) return { template };
  const filled = fillConnectionString(
    template,
    Object.fromEntries(given.map((setting) => [setting.option, choice.values[setting.option]])),
  );
  // an optional part not given (Snowflake's role) is left out rather than left to fill in
  const optional = settings.filter((setting) => setting.optional && !given.includes(setting));
  return {
    template,
    filled: optional.reduce((text, setting) => leaveOutQueryPart(text, setting.option), filled),
  };
}

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.every((part, index) => path[index] === part);

/** The pure plan: TOML entries, requirements, files and next steps for a destination choice. */
export function planDestination(choice: DestinationChoice): DestinationPlan {
  const info = requireInfo(choice.destination);
  const entries: TomlEntry[] = [];
  const steering: Record<string, string | undefined> = {
    drivername: choice.drivername,
    bucketUrl: choice.bucketUrl,
  };
  for (const { setting, table } of placedSettings(choice)) {
    const given = steering[setting.option] ?? choice.values[setting.option];
    // dlt's own default is not written: only what the user gave, or what dlt needs
    const value =
      given ??
      setting.default ??
      (setting.optional || setting.dltDefault !== undefined ? undefined : PLACEHOLDER);
    if (value === undefined || value === '') continue;
    entries.push({
      table,
      key: setting.key,
      value,
      secret: Boolean(setting.secret),
      ...(setting.help ? { comment: setting.help } : {}),
    });
  }
  if (usesConnectionString(choice)) {
    const { template, filled } = connectionString(info, choice);
    entries.push({
      table: ['destination', info.name],
      key: 'credentials',
      value: choice.connectionString || filled || PLACEHOLDER,
      secret: true,
      comment: template,
    });
  }

  const customName = choice.customName ?? 'my_destination';
  const custom = info.name === 'destination' ? renderCustomDestination(customName) : undefined;
  return {
    reference: custom ? custom.reference : info.name,
    ...emptyPlan(),
    toml: routeCredentials(entries),
    gitignore: true,
    requirements: requirements(info, choice),
    staging: Boolean(info.staging),
    loaderFileFormat: fastLoaderFileFormat(info.name),
    files: custom ? [{ path: custom.path, contents: custom.contents, rule: 'keep-existing' }] : [],
    nextSteps: nextSteps(info, choice),
  };
}

/**
 * dlt reads a destination's credentials only from a secrets provider: a credentials table that has
 * no key in secrets.toml is refused when dlt finds it in config.toml. So the non-secret keys of a
 * credentials table stay in config.toml only when the table has a secret too, and a `credentials`
 * value (DuckDB's database file) always goes to secrets.toml.
 */
export function routeCredentials(entries: readonly TomlEntry[]): TomlEntry[] {
  const rootOf = (table: readonly string[]) => {
    const index = table.indexOf('credentials');
    return index < 0 ? undefined : JSON.stringify(table.slice(0, index + 1));
  };
  const withSecrets = new Set(entries.filter((entry) => entry.secret).map((entry) => rootOf(entry.table)));
  return entries.map((entry) => {
    const root = rootOf(entry.table);
    const toSecrets = entry.key === 'credentials' || (root !== undefined && !withSecrets.has(root));
    return !entry.secret && toSecrets ? { ...entry, secret: true } : entry;
  });
}

/** What a project loading into a catalog destination needs installed, by its name alone (no bucket known). */
export function destinationRequirements(name: string): string[] {
  return requirements(requireInfo(name), { destination: name, values: {} });
}

function requirements(info: DestinationInfo, choice: DestinationChoice): string[] {
  const extras = new Set(info.extras);
  // the pipelines pass loader_file_format="parquet" for it: pyarrow writes those files
  if (fastLoaderFileFormat(info.name)) extras.add(PARQUET_EXTRA);
  const scheme = storageScheme(storageBucket(info, choice));
  // a staging destination's own extras name what its staging bucket needs (athena pulls s3fs)
  if (scheme?.extra && !info.staging) extras.add(scheme.extra);
  const dlt = extras.size > 0 ? `dlt[${[...extras].sort().join(',')}]` : 'dlt';
  const driver =
    info.name === 'sqlalchemy' ? sqlalchemyDialect(choice.drivername ?? 'sqlite')?.requirement : undefined;
  return driver ? [dlt, driver] : [dlt];
}

function nextSteps(info: DestinationInfo, choice: DestinationChoice): string[] {
  const steps = [...(info.notes ?? [])];
  if (choice.auth === 'default') {
    steps.push(
      `${info.title}: dlt will use the credentials configured on this machine (no keys were written).`,
    );
  }
  if (info.name === 'sqlalchemy' && !sqlalchemyDialect(choice.drivername ?? 'sqlite')) {
    steps.push(`Add the Python driver package for "${choice.drivername}" to the project's requirements.`);
  }
  const filled =
    usesConnectionString(choice) && !choice.connectionString && connectionString(info, choice).filled;
  const slots = filled ? unfilledSlots(filled) : [];
  if (slots.length > 0) {
    steps.push(
      `Fill in ${slots.join(', ')} of the connection string (credentials under [destination.${info.name}]) in the secrets file.`,
    );
  }
  steps.push(`${info.title} settings: ${info.docs}`);
  return steps;
}
