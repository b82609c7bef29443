import { describe, expect, it } from 'vitest';
import { acceptsGzip, createCachedJson, matchesIfNoneMatch } from '../../../src/server/cached-json.js';

describe('cached JSON bodies', () => {
  it('hold the UTF-8 bytes of the JSON and a quoted ETag that changes with them', () => {
    const a = createCachedJson('{"name":"café"}');
    expect(a.body.toString('utf8')).toBe('{"name":"café"}');
    expect(a.body.length).toBe(16);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(createCachedJson('{"name":"café"}').etag).toBe(a.etag);
    expect(createCachedJson('{"name":"cafe"}').etag).not.toBe(a.etag);
  });

  it('match If-None-Match by the RFC 9110 weak comparison: lists, W/ prefixes and *', () => {
    const etag = '"abc"';
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
    expect(matchesIfNoneMatch('"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('"x", "abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abcd"', etag)).toBe(false);
    expect(matchesIfNoneMatch('abc', etag)).toBe(false);
  });
});

describe('Accept-Encoding', () => {
  it('accepts gzip when named with a non-zero weight or covered by *, and not when refused', () => {
    for (const yes of ['gzip', 'gzip, deflate, br', 'br;q=1.0, gzip;q=0.8', 'x-gzip', '*', 'identity, *;q=0.5']) expect(acceptsGzip(yes), yes).toBe(true);
    for (const no of [undefined, '', 'identity', 'br', 'gzip;q=0', '*, gzip;q=0', 'deflate, *;q=0']) expect(acceptsGzip(no), String(no)).toBe(false);
  });
});
