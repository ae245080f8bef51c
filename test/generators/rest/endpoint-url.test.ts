import assert from 'node:assert/strict';
import { splitEndpointUrl } from '../../../generators/rest/endpoint-url.js';

describe('rest: a full endpoint URL as the base URL', () => {
  it('splits off the last path segment as the resource, its query as params', () => {
    assert.deepEqual(splitEndpointUrl('https://api.example.com/v1/customers'), {
      baseUrl: 'https://api.example.com/v1',
      resource: { name: 'customers', endpoint: { path: 'customers' } },
    });
    assert.deepEqual(splitEndpointUrl('https://api.example.com/pokemon?limit=50'), {
      baseUrl: 'https://api.example.com',
      resource: { name: 'pokemon', endpoint: { path: 'pokemon', params: { limit: '50' } } },
    });
    assert.equal(splitEndpointUrl('https://api.example.com/team-members')?.resource.name, 'team_members');
  });

  it('leaves a URL that ends in a version, "api" or nothing as the base URL', () => {
    for (const url of [
      'https://api.example.com',
      'https://api.example.com/v1',
      'https://x.test/api/',
      'https://x.test/v2.1',
      'not a url',
    ])
      assert.equal(splitEndpointUrl(url), undefined, url);
  });
});
