import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServerToken } from '../../../src/config/index.js';

const work = mkdtempSync(join(tmpdir(), 'headroom-token-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the API token', () => {
  it('HEADROOM_TOKEN in the environment is enough to turn auth on', async () => {
    expect(await resolveServerToken(undefined, { HEADROOM_TOKEN: 's3cret' })).toEqual({ token: 's3cret', from: 'environment variable HEADROOM_TOKEN' });
  });

  it('server.token in the config wins over HEADROOM_TOKEN', async () => {
    const file = join(work, 'token');
    writeFileSync(file, 'from-file\n');
    expect((await resolveServerToken({ file }, { HEADROOM_TOKEN: 'from-env' })).token).toBe('from-file');
  });

  it('without either, there is no token and POST routes stay closed', async () => {
    expect(await resolveServerToken(undefined, {})).toEqual({ token: null, from: 'none' });
    expect(await resolveServerToken(undefined, { HEADROOM_TOKEN: '' })).toEqual({ token: null, from: 'none' });
  });
});
