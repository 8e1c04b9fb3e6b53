import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../sync-server/scim/errors';
import { type AttributeMap, exactEquality, filterToSql } from '../../../../sync-server/scim/filter-sql';

const attributes: AttributeMap = {
  username: { sql: 'user_name', type: 'string', caseExact: false },
  'emails.value': { sql: 'user_name', type: 'string', caseExact: false },
  externalid: { sql: 'external_id', type: 'string', caseExact: true },
  active: { sql: 'active', type: 'boolean', caseExact: true },
  'meta.lastmodified': { sql: 'updated_at', type: 'datetime', caseExact: true },
};

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a ScimError');
}

describe('filterToSql', () => {
  it("turns Okta's lookup into one index-friendly, case-insensitive equality", () => {
    expect(filterToSql('userName eq "Ann@Example.com"', attributes)).toEqual({
      where: 'lower(user_name) = lower($1)',
      params: ['Ann@Example.com'],
    });
  });

  it('keeps caseExact attributes exact and numbers placeholders from firstParam', () => {
    expect(filterToSql('externalId eq "00uA"', attributes, 3)).toEqual({ where: 'external_id = $3', params: ['00uA'] });
  });

  it('translates co, sw, pr, and, or with every value as a parameter', () => {
    const { where, params } = filterToSql(
      'userName sw "a" and active eq true or externalId pr or emails.value co "x"',
      attributes,
    );
    expect(where).toBe(
      "((starts_with(lower(user_name), lower($1)) and active = $2) or (external_id is not null and external_id <> '') or strpos(lower(user_name), lower($3)) > 0)",
    );
    expect(params).toEqual(['a', true, 'x']);
  });

  it('accepts the value-path form emails[value eq "…"] and a schema-qualified name', () => {
    expect(filterToSql('emails[value eq "a@b.c"]', attributes).where).toBe('lower(user_name) = lower($1)');
    expect(filterToSql('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a"', attributes).where).toBe(
      'lower(user_name) = lower($1)',
    );
  });

  it('never puts filter text into the SQL', () => {
    const { where, params } = filterToSql(`userName eq "x'); drop table users; --"`, attributes);
    expect(where).not.toContain('drop');
    expect(params).toEqual(["x'); drop table users; --"]);
  });

  it('answers 400 invalidFilter for bad syntax, unknown attributes, wrong value types and not', () => {
    for (const filter of [
      'userName xx "a"',
      'nickName eq "a"',
      'active eq "yes"',
      'userName eq 5',
      'not (userName eq "a")',
      'meta.lastModified gt "soon"',
    ]) {
      const err = errorOf(() => filterToSql(filter, attributes));
      expect([filter, err.status, err.scimType]).toEqual([filter, 400, 'invalidFilter']);
    }
  });
});

describe('exactEquality', () => {
  it("recognises Okta's single-attribute lookups, in any spelling", () => {
    expect(exactEquality('userName eq "Ann@Example.com"')).toEqual({ path: 'username', value: 'Ann@Example.com' });
    expect(exactEquality('emails[value eq "a@b.c"]')).toEqual({ path: 'emails.value', value: 'a@b.c' });
  });

  it('declines anything else', () => {
    for (const filter of [
      'userName co "a"',
      'userName eq "a" or userName eq "b"',
      'userName eq "a" and active eq true',
      'active eq true',
    ]) {
      expect([filter, exactEquality(filter)]).toEqual([filter, null]);
    }
  });
});
