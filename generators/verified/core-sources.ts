import { projectPathForWorkspace } from '../../shared/project/workspace.js';
import type { Answers, Question } from '../../shared/questions/question.js';
import type { TomlEntry } from '../../shared/toml/entry.js';
import { PLACEHOLDER } from '../../shared/toml/placeholders.js';
import { listOf } from './questions.js';
import { type CallArg, pyCall, renderScript } from './render-pipeline.js';

/**
 * The two core sources that live inside dlt and need no download: `sql_database` (any SQLAlchemy
 * database) and `filesystem` (local folders and buckets). Questions, and a pure plan each.
 */

export interface CorePlan {
  script: string;
  toml: TomlEntry[];
  requirements: string[];
  warnings: string[];
}

export interface CoreNaming {
  pipelineName: string;
  datasetName: string;
  destination: string;
}

// ---------------------------------------------------------------------------------------------
// sql_database

interface Dialect {
  label: string;
  drivername?: string;
  port?: number;
  requirement?: string;
  example: string;
}

export const SQL_DIALECTS: Record<string, Dialect> = {
  postgresql: {
    label: 'PostgreSQL',
    drivername: 'postgresql+psycopg2',
    port: 5432,
    requirement: 'psycopg2-binary',
    example: 'postgresql+psycopg2://<user>:<password>@<host>:5432/<database>',
  },
  mysql: {
    label: 'MySQL / MariaDB',
    drivername: 'mysql+pymysql',
    port: 3306,
    requirement: 'pymysql',
    example: 'mysql+pymysql://<user>:<password>@<host>:3306/<database>',
  },
  mssql: {
    label: 'Microsoft SQL Server (needs the ODBC Driver 18 for SQL Server)',
    drivername: 'mssql+pyodbc',
    port: 1433,
    requirement: 'pyodbc',
    example: 'mssql+pyodbc://<user>:<password>@<host>:1433/<database>?driver=ODBC+Driver+18+for+SQL+Server',
  },
  oracle: {
    label: 'Oracle',
    drivername: 'oracle+oracledb',
    port: 1521,
    requirement: 'oracledb',
    example: 'oracle+oracledb://<user>:<password>@<host>:1521/?service_name=<service>',
  },
  sqlite: { label: 'SQLite', drivername: 'sqlite', example: 'sqlite:///<path to the .db file>' },
  other: {
    label: 'another SQLAlchemy database (give its connection string)',
    example: '<dialect>+<driver>://<user>:<password>@<host>:<port>/<database>',
  },
};

const BACKEND_REQUIREMENTS: Record<string, string | undefined> = {
  sqlalchemy: undefined,
  pyarrow: 'pyarrow',
  pandas: 'pandas',
  connectorx: 'connectorx',
};

export const sqlDatabaseQuestions: readonly Question[] = [
  {
    name: 'sqlDialect',
    message: 'Which database?',
    description: `The database to read: ${Object.keys(SQL_DIALECTS).join(' | ')}`,
    type: 'select',
    choices: Object.entries(SQL_DIALECTS).map(([value, dialect]) => ({
      value,
      name: `${value}: ${dialect.label}`,
    })),
    default: 'postgresql',
  },
  {
    name: 'sqlCredentials',
    message: 'How do you want to give the credentials?',
    description:
      'fields (host, port, username... in secrets.toml) | connection-string (one URL in secrets.toml)',
    type: 'select',
    choices: [
      { value: 'fields', name: 'fields: host, port, database, username, password' },
      { value: 'connection-string', name: 'connection-string: one SQLAlchemy URL' },
    ],
    default: (answers: Answers) =>
      answers.sqlDialect === 'sqlite' || answers.sqlDialect === 'other' ? 'connection-string' : 'fields',
    validate: (value, answers) =>
      value === 'fields' && answers.sqlDialect === 'other'
        ? 'for another database give a connection-string (its driver name is not known)'
        : true,
  },
  {
    name: 'tables',
    message: 'Tables to load, comma-separated (empty for all)',
    description: 'Tables to load, comma-separated; all tables of the schema when not given',
    default: '',
    parse: (value) => listOf(value).join(','),
  },
  {
    name: 'sqlSchema',
    message: 'Database schema to read (empty for the default schema)',
    description: 'The database schema to read, when it is not the default one',
    default: '',
  },
  {
    name: 'backend',
    message: 'Which backend reads the rows?',
    description:
      'sqlalchemy (default, no extra packages) | pyarrow | pandas | connectorx (faster, for large tables)',
    type: 'select',
    choices: Object.keys(BACKEND_REQUIREMENTS),
    default: 'sqlalchemy',
  },
];

export interface SqlDatabaseAnswers extends CoreNaming {
  sqlDialect: string;
  sqlCredentials: string;
  tables: string;
  sqlSchema: string;
  backend: string;
}

function coreDocstring(summary: string, section: string): string[] {
  return [
    `${summary} with dlt's core source.`,
    '',
    `dlt reads the credentials and settings from .dlt/secrets.toml and .dlt/config.toml,`,
    `in [sources.${section}].`,
  ];
}

export function planSqlDatabase(answers: SqlDatabaseAnswers): CorePlan {
  const dialect = SQL_DIALECTS[answers.sqlDialect] ?? SQL_DIALECTS.other!;
  const tables = listOf(answers.tables);
  const table = ['sources', 'sql_database'];
  const toml: TomlEntry[] =
    answers.sqlCredentials === 'connection-string' || !dialect.drivername
      ? [{ table, key: 'credentials', value: PLACEHOLDER, secret: true, comment: dialect.example }]
      : [
          { table: [...table, 'credentials'], key: 'drivername', value: dialect.drivername, secret: true },
          {
            table: [...table, 'credentials'],
            key: 'database',
            value: PLACEHOLDER,
            secret: true,
            ...(answers.sqlDialect === 'sqlite' ? { comment: 'path of the .db file' } : {}),
          },
          ...(answers.sqlDialect === 'sqlite'
            ? []
            : (['username', 'password', 'host'] as const).map((key) => ({
                table: [...table, 'credentials'],
                key,
                value: PLACEHOLDER,
                secret: true,
              }))),
          ...(dialect.port
            ? [{ table: [...table, 'credentials'], key: 'port', value: dialect.port, secret: true }]
            : []),
        ];
  const args: CallArg[] = [];
  if (tables.length > 0) args.push(['table_names', tables]);
  if (answers.sqlSchema) args.push(['schema', answers.sqlSchema]);
  if (answers.backend && answers.backend !== 'sqlalchemy') args.push(['backend', answers.backend]);
  const body = [
    pyCall('source = ', 'sql_database', args),
    '    # Each table is a resource. To load only new and changed rows of a table:',
    `    # source.${tables[0] ?? 'orders'}.apply_hints(incremental=dlt.sources.incremental("updated_at"))`,
    '    # (yo dlt:incremental adds that for you)',
  ];
  const requirements = ['dlt[sql-database]'];
  if (dialect.requirement) requirements.push(dialect.requirement);
  const backendRequirement = BACKEND_REQUIREMENTS[answers.backend];
  if (backendRequirement) requirements.push(backendRequirement);
  return {
    script: renderScript({
      docstring: coreDocstring('Loads tables of a SQL database', 'sql_database'),
      dltImports: ['from dlt.sources.sql_database import sql_database'],
      localImports: [],
      pipelineName: answers.pipelineName,
      destination: answers.destination,
      datasetName: answers.datasetName,
      body,
    }),
    toml,
    requirements,
    warnings:
      answers.sqlDialect === 'other'
        ? [
            'sql_database: install the SQLAlchemy driver of your database yourself (e.g. with your package manager).',
          ]
        : [],
  };
}

// ---------------------------------------------------------------------------------------------
// filesystem

interface Storage {
  label: string;
  extra?: string;
  example: string;
  credentials: string[];
}

export const STORAGES: Record<string, Storage> = {
  file: {
    label: 'a local folder',
    example: 'a folder, e.g. data (relative to where the pipeline runs) or file:///abs/path',
    credentials: [],
  },
  s3: {
    label: 'Amazon S3 (or an S3-compatible store)',
    extra: 's3',
    example: 's3://<bucket>/<folder>',
    credentials: ['aws_access_key_id', 'aws_secret_access_key'],
  },
  gs: {
    label: 'Google Cloud Storage',
    extra: 'gs',
    example: 'gs://<bucket>/<folder>',
    credentials: ['client_email', 'private_key', 'project_id'],
  },
  az: {
    label: 'Azure Blob Storage',
    extra: 'az',
    example: 'az://<container>/<folder>',
    credentials: ['azure_storage_account_name', 'azure_storage_account_key'],
  },
  sftp: {
    label: 'an SFTP server',
    extra: 'sftp',
    example: 'sftp://<host>/<folder>',
    credentials: ['sftp_username', 'sftp_password'],
  },
};

const SCHEMES: Record<string, string> = {
  file: 'file',
  s3: 's3',
  gs: 'gs',
  gcs: 'gs',
  az: 'az',
  abfs: 'az',
  abfss: 'az',
  sftp: 'sftp',
};

/** The storage a bucket URL points at: `s3://b/x` -> s3, a plain path -> file; undefined when unsupported. */
export function storageOf(bucketUrl: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(bucketUrl)?.[1]?.toLowerCase();
  return scheme ? SCHEMES[scheme] : 'file';
}

const READERS: Record<string, { reader: string; requirement?: string }> = {
  csv: { reader: 'read_csv', requirement: 'pandas' },
  jsonl: { reader: 'read_jsonl' },
  parquet: { reader: 'read_parquet', requirement: 'dlt[parquet]' },
};

export const filesystemQuestions: readonly Question[] = [
  {
    name: 'bucketUrl',
    message: 'Where are the files? (a folder or bucket URL; empty to fill in later)',
    description: 'Folder or bucket URL: data/, s3://bucket/path, gs://..., az://..., sftp://...',
    default: '',
    validate: (value) =>
      !value || storageOf(String(value))
        ? true
        : `"${String(value)}": use a local folder or a URL starting with ${Object.keys(SCHEMES).join('://, ')}://`,
  },
  {
    name: 'storage',
    message: 'Which kind of storage?',
    description: `The storage, when --bucket-url is not given: ${Object.keys(STORAGES).join(' | ')}`,
    type: 'select',
    choices: Object.entries(STORAGES).map(([value, storage]) => ({
      value,
      name: `${value}: ${storage.label}`,
    })),
    default: 'file',
    when: (answers) => !answers.bucketUrl,
  },
  {
    name: 'fileFormat',
    message: 'What format are the files in?',
    description: 'csv | jsonl | parquet',
    type: 'select',
    choices: Object.keys(READERS),
    default: 'csv',
  },
  {
    name: 'fileGlob',
    message: 'Which files? (a glob below the folder)',
    description: 'A glob below the bucket URL, e.g. **/*.csv',
    default: (answers: Answers) => `**/*.${String(answers.fileFormat ?? 'csv')}`,
  },
  {
    name: 'tableName',
    message: 'Table to load the rows into',
    default: 'files',
    validate: (value) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(value)) ? true : 'use a Python identifier'),
  },
];

export interface FilesystemAnswers extends CoreNaming {
  bucketUrl: string;
  storage?: string;
  fileFormat: string;
  fileGlob: string;
  tableName: string;
}

/** Where a local folder is, said in the script: dlt in a workspace reads relative folders elsewhere. */
function workspaceFolderComment(given: string, written: string): string[] {
  if (!given) {
    return [
      '    # In a dlt workspace dlt reads a relative bucket_url from .dlt/data/<profile>/: write',
      '    # a folder of the project as "../../../<folder>" in .dlt/config.toml',
    ];
  }
  if (given === written) return [];
  return [
    `    # bucket_url "${written}" in .dlt/config.toml is ${given} in the project: in a dlt`,
    '    # workspace dlt reads a relative folder from .dlt/data/<profile>/',
  ];
}

/** `workspace`: the project is a dlt workspace, where dlt reads a relative folder elsewhere. */
export function planFilesystem(answers: FilesystemAnswers, workspace = false): CorePlan {
  const storageName = (answers.bucketUrl ? storageOf(answers.bucketUrl) : answers.storage) ?? 'file';
  const storage = STORAGES[storageName] ?? STORAGES.file!;
  const reader = READERS[answers.fileFormat] ?? READERS.csv!;
  const table = ['sources', 'filesystem'];
  const bucketUrl =
    workspace && answers.bucketUrl ? projectPathForWorkspace(answers.bucketUrl) : answers.bucketUrl;
  const toml: TomlEntry[] = [
    answers.bucketUrl
      ? { table, key: 'bucket_url', value: bucketUrl, secret: false }
      : { table, key: 'bucket_url', value: PLACEHOLDER, secret: false, comment: storage.example },
    ...storage.credentials.map((key) => ({
      table: [...table, 'credentials'],
      key,
      value: PLACEHOLDER,
      secret: true,
    })),
  ];
  const body = [
    ...(workspace && storageName === 'file' ? workspaceFolderComment(answers.bucketUrl, bucketUrl) : []),
    pyCall('files = ', 'filesystem', [['file_glob', answers.fileGlob]]),
    '    # To load only new and changed files on later runs:',
    '    # files.apply_hints(incremental=dlt.sources.incremental("modification_date"))',
    `    source = (files | ${reader.reader}()).with_name(${JSON.stringify(answers.tableName)})`,
  ];
  const requirements = [storage.extra ? `dlt[${storage.extra}]` : 'dlt'];
  if (reader.requirement) requirements.push(reader.requirement);
  return {
    script: renderScript({
      docstring: coreDocstring(`Loads ${answers.fileFormat} files from ${storage.label}`, 'filesystem'),
      dltImports: [`from dlt.sources.filesystem import filesystem, ${reader.reader}`],
      localImports: [],
      pipelineName: answers.pipelineName,
      destination: answers.destination,
      datasetName: answers.datasetName,
      body,
    }),
    toml,
    requirements,
    warnings: [],
  };
}
