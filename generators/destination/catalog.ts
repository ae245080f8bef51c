import type { DestinationName } from '../../shared/dlt/destinations.js';

/**
 * What dlt needs to reach each destination: its pip extra, and the settings it resolves under
 * [destination.<name>...], each one secret or not. Read from the config specs of dlt 1.31
 * (dlt/destinations/impl/<name>/configuration.py and dlt/common/configuration/specs/) and checked by
 * resolving each destination's configuration with dlt itself (test/generators/destination/resolve.test.ts).
 *
 * dlt reads `credentials` of a destination only from a secrets provider: a credentials table found
 * in config.toml alone is refused. The destination plan therefore puts a credentials table's
 * non-secret keys (host, username ...) in config.toml only when the same table has a secret in
 * secrets.toml, and in secrets.toml otherwise.
 */

export interface DestinationSetting {
  /**
   * The setting's name (camelCase), the key of its value in a destination choice. Its CLI option
   * carries the `destination` prefix: see destinationOption.
   */
  option: string;
  key: string;
  /** Table below the setting's base table ([destination.<name>] or a storage table); default []. */
  table?: readonly string[];
  /** What to ask for. */
  label: string;
  /** Where to get the value: the comment written above a placeholder. */
  help?: string;
  secret?: boolean;
  integer?: boolean;
  /** The value dlt uses anyway, written as a real value so the user sees it; else a placeholder. */
  default?: string | number;
  /** Written only when given. */
  optional?: boolean;
  /** dlt's own default for the setting (its config spec): named in the question, written only when given. */
  dltDefault?: string | number;
  /**
   * A local file or folder: a relative path (dlt resolves it from where the pipeline runs, the
   * project) must stay inside the project; an absolute one is the user's explicit choice.
   */
  projectPath?: boolean;
}

export interface AuthMethod {
  value: string;
  name: string;
  settings: readonly DestinationSetting[];
}

/** A bucket_url and, depending on its scheme, the credentials next to it. */
export interface StorageLocation {
  /** Table of bucket_url below [destination.<name>]; the credentials go in its `credentials` table. */
  table: readonly string[];
  label: string;
  /** Used when none is given; undefined: the key is written only when given. */
  default?: string;
  /** Schemes allowed (e.g. only s3 for Athena's staging); undefined: every scheme below. */
  schemes?: readonly string[];
  /** Where the storage lives: the destination's own table, or the filesystem staging destination. */
  destination?: 'filesystem';
}

export interface StorageScheme {
  schemes: readonly string[];
  title: string;
  /** dlt's extra for the scheme's fsspec driver; local folders need none. */
  extra?: string;
  auth: readonly AuthMethod[];
}

export interface ConnectionStringForm {
  /** What the string looks like; written as the placeholder's comment. */
  template: string;
}

export interface DestinationInfo {
  name: DestinationName;
  title: string;
  docs: string;
  extras: readonly string[];
  settings: readonly DestinationSetting[];
  /** Ways to authenticate; the first is the default. */
  auth?: readonly AuthMethod[];
  connectionString?: ConnectionStringForm;
  storage?: StorageLocation;
  /** The pipeline must pass staging="filesystem". */
  staging?: boolean;
  /** Told to the user at the end of the run. */
  notes?: readonly string[];
}

/**
 * The option of dlt:destination (camelCase; kebab-case on the command line) for a setting or a
 * choice named `name`: `host` -> `destinationHost` (--destination-host). The prefix keeps them apart
 * from the options of the pipeline generators composed in the same run (--auth, --password,
 * --token ... of a REST API), which share its command line and answers file.
 */
export function destinationOption(name: string): string {
  return `destination${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

const DOCS = 'https://dlthub.com/docs/dlt-ecosystem/destinations';

const credentials = ['credentials'];

const setting = (option: string, key: string, label: string, extra: Partial<DestinationSetting> = {}) => ({
  option,
  key,
  label,
  table: credentials,
  ...extra,
});

const sqlServer = (port: number, extra: Partial<Record<'database' | 'host', string>> = {}) => [
  setting('host', 'host', 'Server host name', { help: extra.host ?? 'the server host name' }),
  setting('port', 'port', 'Server port', { integer: true, dltDefault: port }),
  setting('database', 'database', 'Database name', { help: extra.database ?? 'the database to load into' }),
  setting('username', 'username', 'User name', { help: 'a user allowed to create schemas and tables' }),
  setting('password', 'password', 'Password', { secret: true, help: "that user's password" }),
];

const AWS_KEYS: AuthMethod = {
  value: 'keys',
  name: 'an access key id and secret access key',
  settings: [
    setting('awsAccessKeyId', 'aws_access_key_id', 'AWS access key id', {
      help: 'AWS console > IAM > Users > Security credentials',
    }),
    setting('awsSecretAccessKey', 'aws_secret_access_key', 'AWS secret access key', {
      secret: true,
      help: 'shown once, when the access key is created',
    }),
    setting('regionName', 'region_name', 'AWS region', { optional: true }),
    setting('endpointUrl', 'endpoint_url', 'S3-compatible endpoint URL (MinIO, R2 ...)', { optional: true }),
  ],
};
const AWS_PROFILE: AuthMethod = {
  value: 'profile',
  name: 'a named profile of ~/.aws/credentials',
  settings: [
    setting('profileName', 'profile_name', 'AWS profile name', { help: 'a profile in ~/.aws/credentials' }),
    setting('regionName', 'region_name', 'AWS region', { optional: true }),
  ],
};
const AWS_DEFAULT: AuthMethod = {
  value: 'default',
  name: "the machine's default AWS credentials (environment, ~/.aws, instance role)",
  settings: [],
};

const GCP_SERVICE_ACCOUNT: AuthMethod = {
  value: 'service-account',
  name: 'a service account key',
  settings: [
    setting('projectId', 'project_id', 'Google Cloud project id', {
      help: 'project_id in the JSON key file',
    }),
    setting('clientEmail', 'client_email', 'Service account e-mail', {
      help: 'client_email in the JSON key file',
    }),
    setting('privateKey', 'private_key', 'Service account private key', {
      secret: true,
      help: 'private_key in the JSON key file (IAM > Service accounts > Keys)',
    }),
  ],
};
const GCP_DEFAULT: AuthMethod = {
  value: 'default',
  name: "the machine's default Google credentials (gcloud auth application-default login)",
  settings: [],
};

const TENANT_HELP = 'Microsoft Entra ID > Overview > Tenant ID';
const CLIENT_HELP = 'Microsoft Entra ID > App registrations > Application (client) ID';
const ACCOUNT_NAME = setting(
  'azureStorageAccountName',
  'azure_storage_account_name',
  'Storage account name',
  {
    help: 'Azure portal > Storage accounts',
  },
);
const SFTP_USER = setting('sftpUsername', 'sftp_username', 'SFTP user name', {
  help: 'the user to sign in as on the SFTP server',
});

const STORAGE_SCHEMES: readonly StorageScheme[] = [
  { schemes: ['file'], title: 'a local folder', auth: [] },
  {
    schemes: ['s3'],
    title: 'Amazon S3 or compatible',
    extra: 's3',
    auth: [AWS_KEYS, AWS_PROFILE, AWS_DEFAULT],
  },
  {
    schemes: ['gs', 'gcs'],
    title: 'Google Cloud Storage',
    extra: 'gs',
    auth: [GCP_SERVICE_ACCOUNT, GCP_DEFAULT],
  },
  {
    schemes: ['az', 'abfs', 'abfss'],
    title: 'Azure Blob Storage',
    extra: 'az',
    auth: [
      {
        value: 'account-key',
        name: 'a storage account key',
        settings: [
          ACCOUNT_NAME,
          setting('azureStorageAccountKey', 'azure_storage_account_key', 'Storage account key', {
            secret: true,
            help: 'Azure portal > storage account > Access keys',
          }),
        ],
      },
      {
        value: 'sas-token',
        name: 'a SAS token',
        settings: [
          ACCOUNT_NAME,
          setting('azureStorageSasToken', 'azure_storage_sas_token', 'SAS token', {
            secret: true,
            help: 'Azure portal > storage account > Shared access signature',
          }),
        ],
      },
      {
        value: 'service-principal',
        name: 'a service principal',
        settings: [
          ACCOUNT_NAME,
          setting('azureTenantId', 'azure_tenant_id', 'Azure tenant id', { help: TENANT_HELP }),
          setting('azureClientId', 'azure_client_id', 'Application (client) id', { help: CLIENT_HELP }),
          setting('azureClientSecret', 'azure_client_secret', 'Client secret', {
            secret: true,
            help: 'Microsoft Entra ID > App registrations > Certificates & secrets',
          }),
        ],
      },
    ],
  },
  {
    schemes: ['sftp'],
    title: 'an SFTP server',
    extra: 'sftp',
    auth: [
      {
        value: 'password',
        name: 'a user name and password',
        settings: [
          SFTP_USER,
          setting('sftpPassword', 'sftp_password', 'SFTP password', {
            secret: true,
            help: "that user's password",
          }),
        ],
      },
      {
        value: 'key-file',
        name: 'a private key file',
        settings: [
          SFTP_USER,
          setting('sftpKeyFilename', 'sftp_key_filename', 'Path of the private key file', {
            help: 'e.g. ~/.ssh/id_ed25519',
          }),
          setting('sftpKeyPassphrase', 'sftp_key_passphrase', 'Passphrase of the key', {
            secret: true,
            optional: true,
          }),
        ],
      },
    ],
  },
  {
    schemes: ['hf'],
    title: 'the Hugging Face Hub',
    extra: 'hf',
    auth: [
      {
        value: 'token',
        name: 'an access token',
        settings: [
          setting('hfToken', 'hf_token', 'Hugging Face access token', {
            secret: true,
            help: 'huggingface.co > Settings > Access Tokens',
          }),
        ],
      },
    ],
  },
];

/** The scheme of a bucket URL: `s3` for s3://bucket, `file` for a local path or file:// URL. */
export function bucketScheme(bucketUrl: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(bucketUrl);
  return match ? match[1]!.toLowerCase() : 'file';
}

export function storageScheme(bucketUrl: string): StorageScheme | undefined {
  const scheme = bucketScheme(bucketUrl);
  return STORAGE_SCHEMES.find((entry) => entry.schemes.includes(scheme));
}

export const KNOWN_SCHEMES = STORAGE_SCHEMES.flatMap((entry) => entry.schemes);

const ODBC_DRIVER = setting('odbcDriver', 'driver', 'ODBC driver', {
  default: 'ODBC Driver 18 for SQL Server',
});
const ODBC_NOTE =
  'Install Microsoft ODBC Driver 18 for SQL Server on this machine (https://learn.microsoft.com/sql/connect/odbc/download-odbc-driver-for-sql-server); with version 17, set driver = "ODBC Driver 17 for SQL Server" in .dlt/config.toml.';

export const DESTINATIONS: readonly DestinationInfo[] = [
  {
    name: 'duckdb',
    title: 'DuckDB (a local database file)',
    docs: `${DOCS}/duckdb`,
    extras: ['duckdb'],
    settings: [
      {
        option: 'databasePath',
        key: 'credentials',
        label:
          'Database file (default: <pipeline name>.duckdb; in a dlt workspace dlt puts it, and a relative path, in .dlt/data/<profile>/)',
        // not a secret (asked in the clear); it goes to secrets.toml all the same, as every
        // `credentials` key does (routeCredentials)
        optional: true,
        projectPath: true,
      },
    ],
  },
  {
    name: 'motherduck',
    title: 'MotherDuck',
    docs: `${DOCS}/motherduck`,
    extras: ['motherduck'],
    connectionString: { template: 'md:<database>?motherduck_token=<token>' },
    settings: [
      setting('database', 'database', 'MotherDuck database', { default: 'my_db' }),
      setting('token', 'password', 'MotherDuck access token', {
        secret: true,
        help: 'MotherDuck > Settings > Access tokens',
      }),
    ],
  },
  {
    name: 'bigquery',
    title: 'Google BigQuery',
    docs: `${DOCS}/bigquery`,
    extras: ['bigquery'],
    settings: [
      { option: 'location', key: 'location', label: 'Dataset location (US, EU or a region)', default: 'US' },
    ],
    auth: [
      GCP_SERVICE_ACCOUNT,
      {
        value: 'oauth',
        name: 'an OAuth client and refresh token',
        settings: [
          setting('projectId', 'project_id', 'Google Cloud project id', {
            help: 'the Google Cloud project that holds the datasets',
          }),
          setting('clientId', 'client_id', 'OAuth client id', { help: 'APIs & Services > Credentials' }),
          setting('clientSecret', 'client_secret', 'OAuth client secret', {
            secret: true,
            help: 'APIs & Services > Credentials > your OAuth client',
          }),
          setting('refreshToken', 'refresh_token', 'OAuth refresh token', {
            secret: true,
            help: 'from the OAuth consent flow, e.g. with google-auth-oauthlib',
          }),
        ],
      },
      {
        ...GCP_DEFAULT,
        settings: [
          {
            option: 'projectId',
            key: 'project_id',
            label: 'Google Cloud project id (default: the credentials’ project)',
            optional: true,
          },
        ],
      },
    ],
  },
  {
    name: 'snowflake',
    title: 'Snowflake',
    docs: `${DOCS}/snowflake`,
    extras: ['snowflake'],
    connectionString: {
      template:
        'snowflake://<username>:<password>@<account identifier>/<database>?warehouse=<warehouse>&role=<role>',
    },
    settings: [
      setting('host', 'host', 'Account identifier', { help: 'the account identifier, e.g. kgiotue-wn98412' }),
      setting('database', 'database', 'Database name', { help: 'the database to load into' }),
      setting('username', 'username', 'User name', { help: 'a user whose role may create schemas' }),
      setting('warehouse', 'warehouse', 'Warehouse', { help: 'the virtual warehouse that runs the loads' }),
      setting('role', 'role', 'Role', { optional: true }),
    ],
    auth: [
      {
        value: 'password',
        name: 'a password',
        settings: [
          setting('password', 'password', 'Password', { secret: true, help: "that user's password" }),
        ],
      },
      {
        value: 'key-pair',
        name: 'a key pair',
        settings: [
          setting('privateKey', 'private_key', 'Private key (PEM)', {
            secret: true,
            help: 'the PEM text of the key registered with ALTER USER ... SET RSA_PUBLIC_KEY',
          }),
          setting('privateKeyPassphrase', 'private_key_passphrase', 'Passphrase of the private key', {
            secret: true,
            optional: true,
          }),
        ],
      },
    ],
  },
  {
    name: 'postgres',
    title: 'PostgreSQL',
    docs: `${DOCS}/postgres`,
    extras: ['postgres'],
    connectionString: { template: 'postgresql://<username>:<password>@<host>:5432/<database>' },
    settings: [
      ...sqlServer(5432),
      setting('connectTimeout', 'connect_timeout', 'Connect timeout (seconds)', {
        integer: true,
        dltDefault: 15,
      }),
    ],
  },
  {
    name: 'redshift',
    title: 'Amazon Redshift',
    docs: `${DOCS}/redshift`,
    extras: ['redshift'],
    connectionString: { template: 'redshift://<username>:<password>@<host>:5439/<database>' },
    settings: [
      ...sqlServer(5439, { host: 'the cluster endpoint without port and database' }),
      setting('connectTimeout', 'connect_timeout', 'Connect timeout (seconds)', {
        integer: true,
        dltDefault: 15,
      }),
    ],
  },
  {
    name: 'databricks',
    title: 'Databricks',
    docs: `${DOCS}/databricks`,
    extras: ['databricks'],
    settings: [
      setting('serverHostname', 'server_hostname', 'Server hostname', {
        help: 'SQL warehouse > Connection details > Server hostname',
      }),
      setting('httpPath', 'http_path', 'HTTP path', {
        help: 'SQL warehouse > Connection details > HTTP path',
      }),
      setting('catalog', 'catalog', 'Unity Catalog name', {
        help: 'Catalog Explorer > the catalog to load into',
      }),
    ],
    auth: [
      {
        value: 'token',
        name: 'a personal access token',
        settings: [
          setting('accessToken', 'access_token', 'Access token', {
            secret: true,
            help: 'User settings > Developer > Access tokens',
          }),
        ],
      },
      {
        value: 'oauth',
        name: 'a service principal (OAuth M2M)',
        settings: [
          setting('clientId', 'client_id', 'Service principal client id', {
            secret: true,
            help: 'Settings > Identity and access > Service principals',
          }),
          setting('clientSecret', 'client_secret', 'Service principal secret', {
            secret: true,
            help: 'the service principal > Secrets > Generate secret',
          }),
        ],
      },
    ],
  },
  {
    name: 'athena',
    title: 'Amazon Athena (with S3 staging)',
    docs: `${DOCS}/athena`,
    extras: ['athena'],
    staging: true,
    storage: {
      table: [],
      destination: 'filesystem',
      label: 'S3 bucket URL where dlt stages the files Athena reads (s3://bucket/path)',
      schemes: ['s3'],
    },
    settings: [
      {
        option: 'queryResultBucket',
        key: 'query_result_bucket',
        label: 'S3 bucket URL for Athena query results',
        help: 'e.g. s3://my-bucket/athena-results',
      },
      { option: 'athenaWorkGroup', key: 'athena_work_group', label: 'Athena work group', optional: true },
      setting('regionName', 'region_name', 'AWS region', { help: 'the region of the Athena work group' }),
    ],
    auth: [AWS_KEYS, AWS_PROFILE, AWS_DEFAULT],
    notes: ['Athena loads through S3: keep staging="filesystem" in dlt.pipeline(...).'],
  },
  {
    name: 'synapse',
    title: 'Azure Synapse Analytics',
    docs: `${DOCS}/synapse`,
    extras: ['synapse'],
    connectionString: {
      template: 'synapse://<username>:<password>@<host>:1433/<database>?driver=ODBC+Driver+18+for+SQL+Server',
    },
    settings: [...sqlServer(1433, { host: 'e.g. <workspace>.sql.azuresynapse.net' }), ODBC_DRIVER],
    notes: [ODBC_NOTE],
  },
  {
    name: 'mssql',
    title: 'Microsoft SQL Server',
    docs: `${DOCS}/mssql`,
    extras: ['mssql'],
    connectionString: {
      template: 'mssql://<username>:<password>@<host>:1433/<database>?driver=ODBC+Driver+18+for+SQL+Server',
    },
    settings: [...sqlServer(1433), ODBC_DRIVER],
    notes: [ODBC_NOTE],
  },
  {
    name: 'fabric',
    title: 'Microsoft Fabric Warehouse',
    docs: `${DOCS}/fabric`,
    extras: ['fabric'],
    settings: [
      setting('host', 'host', 'SQL connection string host', {
        help: 'Warehouse > Settings > SQL connection string, e.g. <id>.datawarehouse.fabric.microsoft.com',
      }),
      setting('database', 'database', 'Warehouse name', {
        help: 'the warehouse name shown in the workspace',
      }),
      setting('azureTenantId', 'azure_tenant_id', 'Azure tenant id', { help: TENANT_HELP }),
      setting('azureClientId', 'azure_client_id', 'Service principal (application) id', {
        help: CLIENT_HELP,
      }),
      setting('azureClientSecret', 'azure_client_secret', 'Service principal secret', {
        secret: true,
        help: 'Microsoft Entra ID > App registrations > Certificates & secrets',
      }),
    ],
    notes: [ODBC_NOTE],
  },
  {
    name: 'clickhouse',
    title: 'ClickHouse',
    docs: `${DOCS}/clickhouse`,
    extras: ['clickhouse'],
    connectionString: { template: 'clickhouse://<username>:<password>@<host>:9440/<database>?secure=1' },
    settings: [
      setting('host', 'host', 'Server host name', {
        help: 'ClickHouse Cloud > Connect, or your server’s host name',
      }),
      setting('port', 'port', 'Native protocol port', { integer: true, dltDefault: 9440 }),
      setting('httpPort', 'http_port', 'HTTP port', { integer: true, dltDefault: 8443 }),
      setting('database', 'database', 'Database name', { default: 'default' }),
      setting('username', 'username', 'User name', { default: 'default' }),
      setting('password', 'password', 'Password', { secret: true, help: "that user's password" }),
    ],
  },
  {
    name: 'filesystem',
    title: 'Files: a local folder, S3, GCS, Azure Blob Storage, SFTP ...',
    docs: `${DOCS}/filesystem`,
    extras: [],
    storage: {
      table: [],
      label: 'Where to write the files: a local folder, or s3:// gs:// az:// sftp:// ... URL',
      default: 'data',
    },
    settings: [],
  },
  {
    name: 'dremio',
    title: 'Dremio (with S3 staging)',
    docs: `${DOCS}/dremio`,
    extras: ['dremio', 's3'],
    staging: true,
    storage: {
      table: [],
      destination: 'filesystem',
      label: 'S3 bucket URL where dlt stages the files Dremio reads (s3://bucket/path)',
      schemes: ['s3'],
    },
    connectionString: { template: 'grpc://<username>:<password>@<host>:32010/<database>' },
    settings: [
      ...sqlServer(32010, { database: 'the Dremio space or source to load into' }),
      {
        option: 'stagingDataSource',
        key: 'staging_data_source',
        label: 'Dremio source that reads the staging bucket',
        help: 'the name of the S3 source defined in Dremio for the staging bucket',
      },
    ],
    notes: ['Dremio loads through S3: keep staging="filesystem" in dlt.pipeline(...).'],
  },
  {
    name: 'weaviate',
    title: 'Weaviate',
    docs: `${DOCS}/weaviate`,
    extras: ['weaviate'],
    settings: [],
    auth: [
      { value: 'local', name: 'a local server at http://localhost:8080', settings: [] },
      {
        value: 'cloud',
        name: 'Weaviate Cloud (or another server with an API key)',
        settings: [
          setting('url', 'url', 'Cluster URL', { help: 'Weaviate Cloud console > cluster details' }),
          setting('apiKey', 'api_key', 'API key', {
            secret: true,
            help: 'Weaviate Cloud console > cluster > API keys',
          }),
          setting('openaiApiKey', 'X-OpenAI-Api-Key', 'OpenAI API key for the text2vec-openai vectorizer', {
            table: ['credentials', 'additional_headers'],
            secret: true,
            optional: true,
          }),
        ],
      },
    ],
  },
  {
    name: 'qdrant',
    title: 'Qdrant',
    docs: `${DOCS}/qdrant`,
    extras: ['qdrant'],
    settings: [],
    auth: [
      {
        value: 'local',
        name: 'a local file database (no server)',
        settings: [
          {
            option: 'qdPath',
            key: 'qd_path',
            label: 'Local database path',
            default: 'db.qdrant',
            projectPath: true,
          },
        ],
      },
      {
        value: 'server',
        name: 'a Qdrant server without an API key',
        settings: [
          { option: 'qdLocation', key: 'qd_location', label: 'Server URL', default: 'http://localhost:6333' },
        ],
      },
      {
        value: 'cloud',
        name: 'Qdrant Cloud (or a server with an API key)',
        settings: [
          {
            option: 'qdLocation',
            key: 'qd_location',
            label: 'Cluster URL',
            help: 'Qdrant Cloud > cluster > URL',
          },
          setting('apiKey', 'api_key', 'API key', {
            secret: true,
            help: 'Qdrant Cloud > cluster > API keys',
          }),
        ],
      },
    ],
  },
  {
    name: 'lancedb',
    title: 'LanceDB',
    docs: `${DOCS}/lancedb`,
    extras: ['lancedb'],
    settings: [],
    auth: [
      {
        value: 'local',
        name: 'a local database folder',
        settings: [{ option: 'lanceUri', key: 'lance_uri', label: 'Database folder', default: '.lancedb' }],
      },
      {
        value: 'cloud',
        name: 'LanceDB Cloud',
        settings: [
          {
            option: 'lanceUri',
            key: 'lance_uri',
            label: 'Database URI',
            help: 'db://<database id> from LanceDB Cloud',
          },
          setting('apiKey', 'api_key', 'API key', {
            secret: true,
            help: 'LanceDB Cloud > Settings > API keys',
          }),
          setting('regionName', 'region', 'Region', { default: 'us-east-1' }),
        ],
      },
    ],
  },
  {
    name: 'lance',
    title: 'Lance (tables in a folder or bucket)',
    docs: `${DOCS}/lance`,
    extras: ['lance'],
    storage: {
      table: ['storage'],
      label:
        'Where to keep the Lance tables: a local folder, or s3:// gs:// az:// URL (empty: dlt’s default folder)',
    },
    settings: [],
  },
  {
    name: 'sqlalchemy',
    title: 'A database through SQLAlchemy (MySQL, SQLite, Oracle, Trino ...)',
    docs: `${DOCS}/sqlalchemy`,
    extras: ['sqlalchemy'],
    connectionString: { template: '<drivername>://<username>:<password>@<host>:<port>/<database>' },
    settings: [],
  },
  {
    name: 'ducklake',
    title: 'DuckLake',
    docs: `${DOCS}/ducklake`,
    extras: ['ducklake'],
    storage: {
      table: ['credentials', 'storage'],
      label:
        'Where to keep the data files: a local folder, or s3:// gs:// az:// URL (empty: next to the catalog)',
    },
    settings: [
      setting('ducklakeName', 'ducklake_name', 'Name of the lake', { optional: true }),
      setting('catalogUrl', 'catalog', 'Catalog database URL (empty: a local SQLite file)', {
        secret: true,
        optional: true,
        help: 'e.g. postgresql://<user>:<password>@<host>/<database> or sqlite:///catalog.sqlite',
      }),
    ],
  },
  {
    name: 'destination',
    title: 'A custom destination: your own Python function (@dlt.destination)',
    docs: `${DOCS}/destination`,
    extras: [],
    settings: [
      {
        option: 'apiUrl',
        key: 'api_url',
        label: 'URL your function sends the data to',
        help: 'the endpoint your destination function sends rows to',
      },
      {
        option: 'apiKey',
        key: 'api_key',
        label: 'API key for that URL',
        secret: true,
        help: 'the key of that API',
      },
    ],
  },
];

export function destinationInfo(name: string): DestinationInfo | undefined {
  return DESTINATIONS.find((info) => info.name === name);
}

/** SQLAlchemy dialects and the Python package each needs; the port is the server's usual one. */
export interface SqlalchemyDialect {
  drivername: string;
  requirement?: string;
  port?: number;
  /** A file database: only the database path is needed. */
  file?: boolean;
}

export const SQLALCHEMY_DIALECTS: readonly SqlalchemyDialect[] = [
  { drivername: 'sqlite', file: true },
  { drivername: 'mysql+pymysql', requirement: 'pymysql', port: 3306 },
  { drivername: 'mysql', requirement: 'mysqlclient', port: 3306 },
  { drivername: 'mysql+mysqldb', requirement: 'mysqlclient', port: 3306 },
  { drivername: 'mysql+mysqlconnector', requirement: 'mysql-connector-python', port: 3306 },
  { drivername: 'mariadb+pymysql', requirement: 'pymysql', port: 3306 },
  { drivername: 'postgresql', requirement: 'psycopg2-binary', port: 5432 },
  { drivername: 'postgresql+psycopg2', requirement: 'psycopg2-binary', port: 5432 },
  { drivername: 'postgresql+psycopg', requirement: 'psycopg[binary]', port: 5432 },
  { drivername: 'mssql+pyodbc', requirement: 'pyodbc', port: 1433 },
  { drivername: 'oracle+oracledb', requirement: 'oracledb', port: 1521 },
  { drivername: 'trino', requirement: 'trino', port: 8080 },
];

export function sqlalchemyDialect(drivername: string): SqlalchemyDialect | undefined {
  return SQLALCHEMY_DIALECTS.find((dialect) => dialect.drivername === drivername);
}

/** The settings of a SQLAlchemy database, besides its drivername: a file path for SQLite, a server's otherwise. */
export function sqlalchemySettings(drivername: string): DestinationSetting[] {
  const dialect = sqlalchemyDialect(drivername);
  if (dialect?.file)
    return [setting('database', 'database', 'Database file', { default: 'data.db', projectPath: true })];
  // dlt's SQLAlchemy credentials have no port of their own: the dialect's usual one is written
  return sqlServer(0).map((entry): DestinationSetting => {
    if (entry.key !== 'port') return entry;
    const { dltDefault: _, ...port } = entry;
    return dialect?.port ? { ...port, default: dialect.port } : port;
  });
}

/** Every setting of every destination and storage scheme: each one an option of dlt:destination. */
export function allSettings(): DestinationSetting[] {
  const all = [
    ...DESTINATIONS.flatMap((info) => [
      ...info.settings,
      ...(info.auth ?? []).flatMap((auth) => auth.settings),
    ]),
    ...STORAGE_SCHEMES.flatMap((scheme) => scheme.auth.flatMap((auth) => auth.settings)),
    ...SQLALCHEMY_DIALECTS.flatMap((dialect) => sqlalchemySettings(dialect.drivername)),
  ];
  const byOption = new Map<string, DestinationSetting>();
  for (const entry of all) if (!byOption.has(entry.option)) byOption.set(entry.option, entry);
  return [...byOption.values()];
}

/** Which destinations use a setting (by its name): for --help. */
export function destinationsUsing(option: string): string[] {
  return [...(destinationsByOption().get(option) ?? [])];
}

let usersOfOptions: ReadonlyMap<string, ReadonlySet<string>> | undefined;

/**
 * The destinations that use each setting, in catalog order, found in one pass over the catalog
 * (--help describes every setting, and a run declares them all as options: a pass per setting cost
 * every run about 7 ms).
 */
function destinationsByOption(): ReadonlyMap<string, ReadonlySet<string>> {
  if (usersOfOptions) return usersOfOptions;
  const users = new Map<string, Set<string>>();
  const add = (settings: readonly DestinationSetting[], name: string) => {
    for (const { option } of settings) {
      const names = users.get(option) ?? new Set<string>();
      names.add(name);
      users.set(option, names);
    }
  };
  for (const info of DESTINATIONS) {
    add(info.settings, info.name);
    for (const auth of info.auth ?? []) add(auth.settings, info.name);
    if (!info.storage) continue;
    const schemes = STORAGE_SCHEMES.filter(
      (scheme) =>
        !info.storage?.schemes || scheme.schemes.some((name) => info.storage?.schemes?.includes(name)),
    );
    for (const scheme of schemes) for (const auth of scheme.auth) add(auth.settings, info.name);
  }
  for (const dialect of SQLALCHEMY_DIALECTS) add(sqlalchemySettings(dialect.drivername), 'sqlalchemy');
  usersOfOptions = users;
  return users;
}

/** What a setting is, when several destinations share it and their labels differ. */
const SHARED_LABELS: Record<string, string> = {
  host: 'Server host name (snowflake: the account identifier)',
  database: 'Database name (motherduck: the database; fabric: the warehouse)',
  username: 'User name',
  password: 'Password',
  port: 'Server port',
  projectId: 'Google Cloud project id',
  clientEmail: 'Service account e-mail',
  privateKey: 'Private key (PEM): a GCP service account’s, or a Snowflake key pair’s',
  clientId: 'OAuth / service principal client id',
  clientSecret: 'OAuth / service principal client secret',
  apiKey: 'API key',
  regionName: 'Region (AWS, LanceDB Cloud)',
};

export function optionLabel(setting: DestinationSetting): string {
  return SHARED_LABELS[setting.option] ?? setting.label;
}
