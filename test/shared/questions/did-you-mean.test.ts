import assert from 'node:assert/strict';
import {
  closestChoices,
  didYouMean,
  notOneOf,
  unknownOptionNames,
} from '../../../shared/questions/did-you-mean.js';
import { check } from '../../../shared/questions/question.js';

describe('did you mean: the choices near a mistyped one', () => {
  it('finds a slip (swapped, missing, extra or wrong letters; case, - and _ ignored) and a beginning', () => {
    const destinations = ['duckdb', 'motherduck', 'postgres', 'bigquery', 'lancedb', 'lance'];
    assert.deepEqual(closestChoices('duckbd', destinations), ['duckdb']);
    assert.deepEqual(closestChoices('DuckDB', destinations), ['duckdb']);
    assert.deepEqual(closestChoices('bigqury', destinations), ['bigquery']);
    assert.deepEqual(closestChoices('post', destinations), ['postgres']);
    assert.deepEqual(closestChoices('github_actions', ['github-actions', 'dagster', 'airflow']), [
      'github-actions',
    ]);
    assert.deepEqual(closestChoices('ofset', ['offset', 'cursor', 'page_number']), ['offset']);
  });

  it('suggests nothing for a value near no choice, or an empty one', () => {
    assert.deepEqual(closestChoices('oracle', ['duckdb', 'postgres', 'bigquery']), []);
    assert.deepEqual(closestChoices('xy', ['uv', 'pip']), []);
    assert.deepEqual(closestChoices('', ['uv', 'pip']), []);
    assert.equal(didYouMean('oracle', ['duckdb']), '');
  });

  it('says it after the choices, and every question with choices says it', () => {
    assert.equal(
      notOneOf('poetri', ['uv', 'poetry', 'pip']),
      '"poetri" is not one of: uv, poetry, pip (did you mean poetry?)',
    );
    assert.equal(
      check(
        { name: 'target', message: 'm', choices: ['github-actions', 'dagster', 'airflow'] },
        'airflw',
        {},
      ),
      '"airflw" is not one of: github-actions, dagster, airflow (did you mean airflow?)',
    );
  });

  it('names each unknown option with the nearest declared one, if any', () => {
    const declared = ['pipeline-name', 'destination', 'resources', 'skip-install'];
    assert.equal(
      unknownOptionNames(['destinaton', 'zzz', 'skip-instal'], declared),
      '--destinaton (did you mean --destination?), --zzz, --skip-instal (did you mean --skip-install?)',
    );
  });
});
