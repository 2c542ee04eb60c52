import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcError, redactString } from '@parsercraft/core';
import { UrlCredentials } from '../src/auth/url-credentials.js';
import { httpUrl, redactUrl } from '../src/http/registry-url.js';
import { cacheableBody, parsePackument } from '../src/registry/packument.js';
import { formatRegistryList, parseRegistryList, takeRegistryCredentials } from '../src/registry/registry-list.js';

/** User names and passwords as people write them, reserved characters included (URLs percent-encode them). */
const part = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme-ascii' }).filter((s) => s.trim() === s);
const host = fc.constantFrom('registry.example', '127.0.0.1:4873', '[::1]:8080', 'npm.acme.corp');
const scheme = fc.constantFrom('http', 'https');

describe('userinfo in registry URLs (property-based, fixed seed)', () => {
  it('is taken out whole: the URL left holds neither part, and Basic carries exactly them, for that origin only', () => {
    fc.assert(
      fc.property(scheme, host, part, part, (s, h, user, password) => {
        const raw = `${s}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${h}/npm/`;
        const credentials = new UrlCredentials();
        const bare = credentials.take(httpUrl(raw) ?? fail(raw));
        expect(bare).toBe(`${s}://${h}/npm/`);
        expect(redactUrl(raw)).toBe(bare);
        const sent = credentials.authorizationFor(`${bare}pkg`) ?? '';
        expect(Buffer.from(sent.replace(/^Basic /, ''), 'base64').toString('utf8')).toBe(`${user}:${password}`);
        // Another scheme or port of the same host is another origin.
        expect(credentials.authorizationFor(bare.replace(/^https?:/, s === 'http' ? 'https:' : 'http:'))).toBe(
          undefined,
        );
        // What core redacts in free text, it redacts for these URLs too.
        expect(redactString(`GET ${raw} failed`)).toBe(`GET ${s}://[REDACTED]@${h}/npm/ failed`);
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });

  it('the first credentials for an origin win: a packument cannot replace configured ones', () => {
    const credentials = new UrlCredentials();
    credentials.take(new URL('https://me:mine@r.example/'));
    credentials.take(new URL('https://evil:theirs@r.example/-/x.tgz'));
    expect(credentials.authorizationFor('https://r.example/a')).toBe(`Basic ${btoa('me:mine')}`);
  });

  it('registry lists keep their separators and order once stripped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(scheme, host, fc.option(part), fc.constantFrom(',', '|')), { minLength: 1, maxLength: 5 }),
        (steps) => {
          const list = steps
            .map(([s, h, user, sep], i) => {
              const userinfo = user === null ? '' : `${encodeURIComponent(user)}:x@`;
              return `${s}://${userinfo}${h}/r${i}${i === steps.length - 1 ? '' : sep}`;
            })
            .join('');
          const out = takeRegistryCredentials({ default: list }, new UrlCredentials(), 'test')['default'] ?? '';
          expect(out).not.toContain('@');
          const before = parseRegistryList(list).map((step) => step.onFailure);
          expect(parseRegistryList(out).map((step) => step.onFailure)).toEqual(before);
          expect(formatRegistryList(parseRegistryList(out))).toBe(out);
        },
      ),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it.each(['file:///etc/passwd', 'ftp://h/x', 'data:,x', 'javascript:alert(1)', 'not a url', '//host/x'])(
    '%s is no registry',
    (url) => {
      let caught: unknown;
      try {
        takeRegistryCredentials({ '@acme': url }, new UrlCredentials(), 'parsercraft.json#registries');
      } catch (error) {
        caught = error;
      }
      expect(PcError.is(caught) && caught.code).toBe('PC_REGISTRY_PROJECT_INVALID');
    },
  );
});

function fail(raw: string): never {
  throw new Error(`${raw} did not parse`);
}

describe('credentials written raw, as people paste them', () => {
  it('a password with `,` or `|` stays one registry, and nothing of it is shown when the URL is refused', () => {
    expect(parseRegistryList('http://user:s3,cret@127.0.0.1:1').map((s) => s.url)).toEqual([
      'http://user:s3,cret@127.0.0.1:1',
    ]);
    expect(parseRegistryList('http://u:s3|cret@h,https://b').map((s) => [s.url, s.onFailure])).toEqual([
      ['http://u:s3|cret@h', 'not-found'],
      ['https://b', 'never'],
    ]);
    for (const raw of ['ftp://user:s3,cret@h', 'ftp://user:s3|cret@h']) {
      let message = '';
      try {
        takeRegistryCredentials({ default: raw }, new UrlCredentials(), 'parsercraft.json#registries');
      } catch (error) {
        message = JSON.stringify((error as PcError).toJSON());
      }
      expect(message).toContain('PC_REGISTRY_PROJECT_INVALID');
      expect(message).not.toMatch(/s3|cret/);
    }
  });

  it('a password with an unencoded `/` is redacted whole, and a malformed escape is no crash', () => {
    expect(redactUrl('http://user:s3/cret@127.0.0.1:1/npm')).toBe('http://[REDACTED]@127.0.0.1:1/npm');
    const credentials = new UrlCredentials();
    expect(credentials.take(httpUrl('http://us%zz:pw@127.0.0.1:1/') ?? fail('%zz'))).toBe('http://127.0.0.1:1/');
    expect(credentials.authorizationFor('http://127.0.0.1:1/x')).toBe(
      `Basic ${Buffer.from('us%zz:pw').toString('base64')}`,
    );
  });
});

describe('the metadata cache never keeps a tarball URL with userinfo', () => {
  it('however the JSON spells it (escaped slashes, \\u0040)', () => {
    for (const tarball of [
      'http:\\/\\/mirroruser:MIRRORPASS@127.0.0.1:1\\/x\\/-\\/x-1.0.0.tgz',
      'http://mirroruser:MIRRORPASS\\u0040127.0.0.1:1/x/-/x-1.0.0.tgz',
    ]) {
      const text = `{"name":"x","versions":{"1.0.0":{"name":"x","version":"1.0.0","dist":{"tarball":"${tarball}","integrity":"sha512-${'A'.repeat(86)}=="}}}}`;
      const packument = parsePackument(text, 'http://127.0.0.1:1/x');
      expect(packument.versions['1.0.0']?.dist.tarball).toBe('http://127.0.0.1:1/x/-/x-1.0.0.tgz');
      expect(cacheableBody(text, packument)).not.toContain('MIRRORPASS');
    }
  });
});
