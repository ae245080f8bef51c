import { strict as assert } from 'node:assert';
import { isSecretName, nameWords } from '../../../shared/dlt/secret-names.js';

describe('secret-names: one rule for names that hold secrets', () => {
  it('splits names into words whatever their case style', () => {
    assert.deepEqual(nameWords('Ocp-Apim-Subscription-Key'), ['ocp', 'apim', 'subscription', 'key']);
    assert.deepEqual(nameWords('clientSecret'), ['client', 'secret']);
    assert.deepEqual(nameWords('x_api_key'), ['x', 'api', 'key']);
  });

  it('calls secret every name of the adversarial run (13 of them stayed literal in code before)', () => {
    const secret = [
      'auth_token',
      'refresh_token',
      'private_key',
      'app_secret',
      'x_api_key',
      'session_id',
      'Ocp-Apim-Subscription-Key',
      'X-API-Key',
      'api_key',
      'apikey',
      'api-key',
      'access_token',
      'accessToken',
      'token',
      'key',
      'secret',
      'client_secret',
      'password',
      'pwd',
      'passwd',
      'Authorization',
      'Proxy-Authorization',
      'Cookie',
      'X-Auth-Token',
      'signature',
      'hmac_signature',
      'credentials',
      'service_credential',
      'private',
      'sessionid',
      'jwt',
      'passphrase',
      'x-functions-key',
    ];
    assert.deepEqual(
      secret.filter((name) => !isSecretName(name)),
      [],
    );
  });

  it('leaves ordinary names alone', () => {
    const plain = [
      'page',
      'limit',
      'per_page',
      'since',
      'monkey',
      'cursor',
      'Accept',
      'User-Agent',
      'keyword',
      'author',
      'tokenizer_name',
      'status',
      'q',
    ];
    assert.deepEqual(
      plain.filter((name) => isSecretName(name)),
      [],
    );
  });
});
