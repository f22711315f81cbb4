import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
  it('falls back to port 8080 on 127.0.0.1 with ./data, no admin token and no demo', () => {
    expect(readConfig({}, '/srv/accord')).toEqual({
      ok: true,
      value: {
        port: 8080,
        host: '127.0.0.1',
        dataDir: '/srv/accord/data',
        adminToken: null,
        demo: false,
        logRequests: true,
        publicOrigin: null,
        trustedProxies: [],
        lowDiskSpaceBytes: 1024 ** 3,
      },
    });
  });

  it('reads every variable', () => {
    const env = {
      PORT: '0',
      HOST: '0.0.0.0',
      ACCORD_DATA_DIR: '/var/lib/accord',
      ACCORD_ADMIN_TOKEN: 'c8f2d1e0a9b7465f',
      ACCORD_DEMO: '1',
      ACCORD_LOG_REQUESTS: '0',
      ACCORD_PUBLIC_URL: 'https://accord.example.org/',
      ACCORD_TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16,::1',
      ACCORD_LOW_DISK_MIB: '2048',
    };
    expect(readConfig(env, '/x')).toEqual({
      ok: true,
      value: {
        port: 0,
        host: '0.0.0.0',
        dataDir: '/var/lib/accord',
        adminToken: 'c8f2d1e0a9b7465f',
        demo: true,
        logRequests: false,
        publicOrigin: 'https://accord.example.org',
        trustedProxies: ['10.0.0.5', '10.1.0.0/16', '::1'],
        lowDiskSpaceBytes: 2 * 1024 ** 3,
      },
    });
  });

  it.each([
    [{}, []],
    [{ ACCORD_PUBLIC_URL: 'https://accord.example.org' }, ['loopback']],
    [{ ACCORD_PUBLIC_URL: 'https://accord.example.org', ACCORD_TRUSTED_PROXIES: '' }, ['loopback']],
    [{ ACCORD_TRUSTED_PROXIES: '192.0.2.10' }, ['192.0.2.10']],
    // Empty entries, a trailing comma left by editing the list, are ignored.
    [{ ACCORD_TRUSTED_PROXIES: '10.0.0.5,' }, ['10.0.0.5']],
    [{ ACCORD_TRUSTED_PROXIES: ' 10.0.0.5 , ,10.1.0.0/16, ' }, ['10.0.0.5', '10.1.0.0/16']],
    [{ ACCORD_PUBLIC_URL: 'https://accord.example.org', ACCORD_TRUSTED_PROXIES: ' , ' }, ['loopback']],
    [{ ACCORD_TRUSTED_PROXIES: ',' }, []],
  ])('with %j believes X-Forwarded-* from %j', (env, trustedProxies) => {
    const result = readConfig(env, '/x');
    expect(result.ok && result.value.trustedProxies).toEqual(trustedProxies);
  });

  it.each([
    [{}, 1024 ** 3],
    [{ ACCORD_LOW_DISK_MIB: '' }, 1024 ** 3],
    [{ ACCORD_LOW_DISK_MIB: '500' }, 500 * 1024 ** 2],
    [{ ACCORD_LOW_DISK_MIB: '0' }, 0],
    [{ ACCORD_LOW_DISK_MIB: '999999999' }, 999_999_999 * 1024 ** 2],
  ])('with %j warns on /healthz below %d bytes free', (env, lowDiskSpaceBytes) => {
    const result = readConfig(env, '/x');
    expect(result.ok && result.value.lowDiskSpaceBytes).toBe(lowDiskSpaceBytes);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    // A unit file's `Environment=PORT= 80` or a stray space: refused, not read as another port.
    [{ PORT: ' 80' }, 'PORT'],
    [{ PORT: '80 ' }, 'PORT'],
    [{ PORT: '80abc' }, 'PORT'],
    [{ PORT: '' }, 'PORT'],
    [{ PORT: '8080.5' }, 'PORT'],
    [{ PORT: '1e3' }, 'PORT'],
    [{ PORT: '0x50' }, 'PORT'],
    [{ PORT: '٨٠' }, 'PORT'],
    // A space from a unit or env file, unseen in a message that names the value without quotes.
    [{ HOST: ' 127.0.0.1' }, 'HOST'],
    [{ HOST: '127.0.0.1 ' }, 'HOST'],
    [{ ACCORD_DEMO: 'yes' }, 'ACCORD_DEMO'],
    [{ ACCORD_LOG_REQUESTS: 'off' }, 'ACCORD_LOG_REQUESTS'],
    // An admin token that can be guessed, or one pasted with the space after it.
    [{ ACCORD_ADMIN_TOKEN: 'admin' }, 'ACCORD_ADMIN_TOKEN'],
    [{ ACCORD_ADMIN_TOKEN: 'c8f2d1e0a9b7465' }, 'ACCORD_ADMIN_TOKEN'],
    [{ ACCORD_ADMIN_TOKEN: 'c8f2d1e0a9b7465f ' }, 'ACCORD_ADMIN_TOKEN'],
    // The web app asks for /api and /sync from the root: it cannot be served under a path.
    [{ ACCORD_PUBLIC_URL: 'https://intranet.example.org/accord' }, 'ACCORD_PUBLIC_URL'],
    [{ ACCORD_PUBLIC_URL: 'accord.example.org' }, 'ACCORD_PUBLIC_URL'],
    [{ ACCORD_PUBLIC_URL: 'ftp://accord.example.org' }, 'ACCORD_PUBLIC_URL'],
    [{ ACCORD_PUBLIC_URL: 'https://accord.example.org/?x=1' }, 'ACCORD_PUBLIC_URL'],
    [{ ACCORD_TRUSTED_PROXIES: 'proxy.example.org' }, 'ACCORD_TRUSTED_PROXIES'],
    [{ ACCORD_TRUSTED_PROXIES: '10.0.0.0/33' }, 'ACCORD_TRUSTED_PROXIES'],
    [{ ACCORD_TRUSTED_PROXIES: '10.0.0.5,proxy' }, 'ACCORD_TRUSTED_PROXIES'],
    // A size is a whole number of MiB, digits alone, as PORT is a port: no unit, sign, space or fraction.
    [{ ACCORD_LOW_DISK_MIB: '1G' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: '1024MiB' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: ' 1024' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: '-1' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: '1.5' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: '1e3' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: '0x400' }, 'ACCORD_LOW_DISK_MIB'],
    [{ ACCORD_LOW_DISK_MIB: '1000000000' }, 'ACCORD_LOW_DISK_MIB'],
  ])('refuses %j naming the variable', (env, name) => {
    const result = readConfig(env, '/x');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(name);
  });
});
