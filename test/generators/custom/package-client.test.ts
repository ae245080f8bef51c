import assert from 'node:assert/strict';
import {
  type IntrospectedClass,
  type IntrospectedParameter,
  type Introspection,
  isCredentialName,
  parseIntrospection,
  readClient,
  withClient,
} from '../../../generators/custom/package-client.js';
import { planCustomSource } from '../../../generators/custom/plan.js';
import { customQuestions } from '../../../generators/custom/questions.js';
import { buildSourceSpec, type SourceSpec } from '../../../generators/custom/source-spec.js';
import { type Answers, resolveAnswers } from '../../../shared/questions/question.js';

async function specFor(given: Answers): Promise<SourceSpec> {
  const answers = await resolveAnswers(
    customQuestions,
    { given: { sourceName: 'crm', reader: 'package', package: 'tiny-crm', ...given }, file: {}, stored: {} },
    { canAsk: false, ask: async () => assert.fail('nothing may be asked') },
  );
  return buildSourceSpec(answers);
}

const required = (name: string): IntrospectedParameter => ({ name, kind: 'POSITIONAL_OR_KEYWORD' });
const optional = (name: string, value: unknown): IntrospectedParameter => ({
  name,
  kind: 'POSITIONAL_OR_KEYWORD',
  default: value,
  literal: value === null || ['string', 'number', 'boolean'].includes(typeof value),
});
const method = (name: string, ...parameters: IntrospectedParameter[]) => ({ name, parameters });

/** What introspect_package.py prints for the test fixture test/fixtures/custom/tiny_crm. */
const TINY_CRM_CLIENT: IntrospectedClass = {
  name: 'TinyCrmClient',
  parameters: [
    required('username'),
    required('password'),
    required('security_token'),
    optional('domain', 'login'),
  ],
  methods: [method('describe', required('object_name')), method('list_records')],
};

function introspection(...classes: IntrospectedClass[]): Introspection {
  return { module: 'tiny_crm', importable: true, version: '1.0.0', classes };
}

function reading(result: ReturnType<typeof readClient>) {
  if ('problem' in result) assert.fail(`expected a reading, got: ${result.problem}`);
  return result.reading;
}

describe('dlt:custom reads an installed package client', () => {
  it('parses the last line the script prints; anything else is no answer', () => {
    assert.deepEqual(parseIntrospection('a warning\n{"module": "m", "importable": false, "error": "x"}\n'), {
      module: 'm',
      importable: false,
      error: 'x',
    });
    assert.equal(parseIntrospection(''), undefined);
    assert.equal(parseIntrospection('Traceback (most recent call last):'), undefined);
    assert.equal(parseIntrospection('[1, 2]'), undefined);
  });

  it('credentials: keys, tokens, secrets, passwords and logins; other names are settings', () => {
    for (const name of [
      'api_key',
      'security_token',
      'password',
      'username',
      'client_secret',
      'client_id',
      'consumer_key',
    ])
      assert.equal(isCredentialName(name), true, name);
    for (const name of ['domain', 'region', 'version', 'instance_url', 'timeout'])
      assert.equal(isCredentialName(name), false, name);
  });

  it('reads the client class, its login as secrets, a setting with its default, and the listing method', async () => {
    const spec = await specFor({ resources: 'records:merge:id' });
    const read = reading(
      readClient(introspection({ name: 'Record', parameters: [], methods: [] }, TINY_CRM_CLIENT), spec),
    );
    assert.deepEqual(read, {
      className: 'TinyCrmClient',
      version: '1.0.0',
      arguments: [
        { name: 'domain', secret: false, type: 'str' },
        { name: 'username', secret: true },
        { name: 'password', secret: true },
        { name: 'security_token', secret: true },
      ],
      configValues: { domain: 'login' },
      calls: { records: 'list_records' },
    });
  });

  it('the script and TOML use what was read: no "adapt" guess, no skipping smoke test, settings with their defaults', async () => {
    const spec = await specFor({ resources: 'records:merge:id' });
    const read = withClient(spec, reading(readClient(introspection(TINY_CRM_CLIENT), spec)), {
      client: false,
      arguments: false,
    });
    const plan = planCustomSource(read, { hasRootConftest: true });
    const script = plan.files[0]!.contents;
    assert.match(
      script,
      /client = tiny_crm\.TinyCrmClient\(\n {8}domain=domain,\n {8}username=username,\n {8}password=password,\n {8}security_token=security_token,\n {4}\)/,
    );
    assert.match(script, /yield from pages\(client\.list_records\(\)\)/);
    assert.match(
      script,
      /tiny_crm\.TinyCrmClient and its parameters were read from the installed tiny_crm 1\.0\.0/,
    );
    assert.doesNotMatch(script, /adapt/);
    const smokeTest = plan.files[1]!.contents;
    assert.match(smokeTest, /pytest\.importorskip\(/);
    assert.doesNotMatch(smokeTest, /does not exist|sdk = /);
    assert.deepEqual(
      plan.toml.map((entry) => [entry.key, entry.value, entry.secret]),
      [
        ['domain', 'login', false],
        ['username', '<configure me>', true],
        ['password', '<configure me>', true],
        ['security_token', '<configure me>', true],
      ],
    );
    assert.deepEqual(plan.nextSteps, []);
  });

  it('a resource with no matching method keeps its guessed call, marked "adapt"', async () => {
    const spec = await specFor({ resources: 'records, accounts' });
    const read = reading(readClient(introspection(TINY_CRM_CLIENT), spec));
    // two top-level resources: records has list_records, accounts no method of its name
    assert.deepEqual(read.calls, { records: 'list_records' });
    const plan = planCustomSource(withClient(spec, read, { client: false, arguments: false }), {
      hasRootConftest: true,
    });
    assert.match(
      plan.files[0]!.contents,
      /# adapt: the tiny_crm call that lists accounts\n\s+yield from pages\(client\.accounts\(\)\)/,
    );
    assert.doesNotMatch(plan.files[0]!.contents, /adapt: how tiny_crm creates/);
    assert.match(plan.nextSteps.join('\n'), /Check the lines marked "adapt"/);
    // the smoke test skips while the guessed call is not a method of the client, saying what to adapt
    const smokeTest = plan.files[1]!.contents;
    assert.match(smokeTest, /^GUESSED_CALLS = \["accounts"\]$/m);
    assert.match(
      smokeTest,
      /sdk = pytest\.importorskip\([\s\S]*for method in GUESSED_CALLS:\n {8}if not hasattr\(sdk\.TinyCrmClient, method\):\n {12}pytest\.skip\(\n {16}f"\{method\} is a guess: adapt the lines marked 'adapt' in crm_pipeline\.py",\n {12}\)/,
    );
  });

  it('a call given with call= is kept when the client has it, a transformer gets a method taking the parent key', async () => {
    const client: IntrospectedClass = {
      ...TINY_CRM_CLIENT,
      methods: [
        method('query_all', required('soql')),
        method('list_records'),
        method('list_notes', required('record_id')),
      ],
    };
    const spec = await specFor({ resources: 'records:merge:id, notes parent=records' });
    assert.deepEqual(reading(readClient(introspection(client), spec)).calls, {
      records: 'list_records',
      notes: 'list_notes',
    });
    const given = await specFor({ resources: 'records call=search' });
    assert.deepEqual(reading(readClient(introspection(client), given)).calls, {});
  });

  it('picks a class ending in Client/API/Api, or named after the module, before others; the one given with --package-client', async () => {
    const spec = await specFor({});
    const other: IntrospectedClass = { name: 'Helper', parameters: [required('token')], methods: [] };
    const api: IntrospectedClass = { name: 'RecordsApi', parameters: [required('token')], methods: [] };
    assert.equal(
      reading(readClient(introspection(other, api, TINY_CRM_CLIENT), spec)).className,
      'TinyCrmClient',
    );
    assert.equal(reading(readClient(introspection(other, api), spec)).className, 'RecordsApi');
    const named = {
      ...introspection(other, { name: 'Salesforce', parameters: [], methods: [] }),
      module: 'simple_salesforce',
    };
    assert.equal(reading(readClient(named, spec)).className, 'Salesforce');
    assert.equal(reading(readClient(introspection(other, api), spec, 'Helper')).className, 'Helper');
    assert.match(
      (readClient(introspection(other), spec) as { problem: string }).problem,
      /exports no class whose name ends in Client, API or Api.*--package-client/,
    );
    assert.match(
      (readClient(introspection(api), spec, 'Missing') as { problem: string }).problem,
      /tiny_crm\.Missing is not a class/,
    );
  });

  it("a constructor of optional parameters only (simple_salesforce's): its leading credentials that default to None", async () => {
    const salesforce: IntrospectedClass = {
      name: 'Salesforce',
      parameters: [
        optional('username', null),
        optional('password', null),
        optional('security_token', null),
        optional('session_id', null),
        optional('instance', null),
        optional('organizationId', null),
        optional('version', '59.0'),
        optional('proxies', null),
        { name: 'kwargs', kind: 'VAR_KEYWORD' },
      ],
      methods: [method('query_all', required('query'))],
    };
    const spec = await specFor({});
    const read = reading(readClient({ ...introspection(salesforce), module: 'simple_salesforce' }, spec));
    assert.deepEqual(
      read.arguments.map((arg) => `${arg.name}${arg.secret ? ' (secret)' : ''}`),
      ['version', 'username (secret)', 'password (secret)', 'security_token (secret)'],
    );
    assert.deepEqual(read.configValues, { version: '59.0' });
  });

  it("stripe's StripeClient: its required api_key, keyword-only settings with plain defaults; no optional credential", async () => {
    const keyword = (name: string, value: unknown) => ({ ...optional(name, value), kind: 'KEYWORD_ONLY' });
    const stripe: IntrospectedClass = {
      name: 'StripeClient',
      parameters: [
        required('api_key'),
        keyword('stripe_account', null),
        { name: 'base_addresses', kind: 'KEYWORD_ONLY', default: '{}', literal: false },
        keyword('client_id', null),
        keyword('verify_ssl_certs', true),
        keyword('max_network_retries', null),
      ],
      methods: [method('construct_event', required('payload'))],
    };
    const spec = await specFor({ resources: 'customers' });
    const read = reading(readClient({ ...introspection(stripe), module: 'stripe' }, spec));
    assert.deepEqual(read.arguments, [
      { name: 'verify_ssl_certs', secret: false, type: 'bool' },
      { name: 'api_key', secret: true },
    ]);
    assert.deepEqual(read.calls, {});
  });

  it('what the user gave stays: --secrets/--config keep the arguments, only the class and calls are read', async () => {
    const spec = await specFor({ secrets: 'token', resources: 'records' });
    const read = reading(readClient(introspection(TINY_CRM_CLIENT), spec));
    const kept = withClient(spec, read, { client: false, arguments: true });
    assert.deepEqual(kept.arguments, [{ name: 'token', secret: true }]);
    assert.equal(kept.package!.client, 'TinyCrmClient');
    assert.equal(kept.resources[0]!.call, 'list_records');
  });

  it('no reading: a package that does not import, a positional-only login, a parameter named like the source uses', async () => {
    const spec = await specFor({ resources: 'records' });
    assert.match(
      (
        readClient({ module: 'tiny_crm', importable: false, error: "No module named 'tiny_crm'" }, spec) as {
          problem: string;
        }
      ).problem,
      /tiny_crm is not importable \(No module named 'tiny_crm'\)/,
    );
    const positional = { ...TINY_CRM_CLIENT, parameters: [{ name: 'token', kind: 'POSITIONAL_ONLY' }] };
    assert.match(
      (readClient(introspection(positional), spec) as { problem: string }).problem,
      /takes token by position only/,
    );
    const clash = { ...TINY_CRM_CLIENT, parameters: [required('client')] };
    assert.match(
      (readClient(introspection(clash), spec) as { problem: string }).problem,
      /parameter client clashes/,
    );
    const resource = { ...TINY_CRM_CLIENT, parameters: [required('records')] };
    assert.match(
      (readClient(introspection(resource), spec) as { problem: string }).problem,
      /parameter records clashes/,
    );
  });
});
