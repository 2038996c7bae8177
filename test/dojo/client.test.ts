import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DojoClient, createDojoAgent } from '../../src/dojo/client.js';
import { loadClientConfig, type DojoClientConfig } from '../../src/dojo/config.js';
import {
  DojoAuthError,
  DojoBadResponseError,
  DojoCredentialMissingError,
  DojoEndpointAbsentError,
  DojoForbiddenError,
  DojoNotFoundError,
  DojoTimeoutError,
  DojoUnreachableError,
  DojoValidationError,
} from '../../src/dojo/errors.js';
import { startFakeDojo, type FakeDojo } from './fake-dojo.js';

const READ = 'read0000000000000000000000000000000000aa';
const WRITE = 'write000000000000000000000000000000000bb';

let fake: FakeDojo;
let cfg: DojoClientConfig;
let client: DojoClient;

function make(over: Partial<DojoClientConfig> = {}): DojoClient {
  const c = { ...cfg, ...over };
  return new DojoClient(c, createDojoAgent(c));
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  fake = await startFakeDojo();
  cfg = loadClientConfig(
    {
      DEFECTDOJO_URL: fake.url,
      DEFECTDOJO_READ_API_KEY: READ,
      DEFECTDOJO_WRITE_API_KEY: WRITE,
      DEFECTDOJO_TIMEOUT_MS: '400',
      DEFECTDOJO_MAX_RETRIES: '2',
    },
    { requireCredentials: true },
  );
  client = make();
});
afterAll(async () => fake.close());
beforeEach(() => fake.seen.splice(0));

describe('DojoClient credentials', () => {
  it('sends the read key on GET and the write key on POST, as Token, to /api/v2/', async () => {
    fake.on('GET', '/api/v2/findings/', { json: { count: 0, results: [] } });
    fake.on('POST', '/api/v2/findings/1/notes/', { status: 201, json: { entry: 'x' } });
    await client.get('findings/', new URLSearchParams({ limit: '1' }));
    await client.post('findings/1/notes/', { json: { entry: 'x' } });
    expect(fake.seen[0]!.headers.authorization).toBe(`Token ${READ}`);
    expect(fake.seen[0]!.url).toBe('/api/v2/findings/?limit=1');
    expect(fake.seen[1]!.headers.authorization).toBe(`Token ${WRITE}`);
    expect(fake.seen[1]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fake.seen[1]!.body)).toEqual({ entry: 'x' });
  });

  it('fails closed on a write when only a read key is configured', async () => {
    const ro = make({ writeKey: undefined });
    const err = await caught(ro.patch('findings/1/', { active: false }));
    expect(err).toBeInstanceOf(DojoCredentialMissingError);
    expect(fake.seen).toHaveLength(0);
  });
});

describe('DojoClient error mapping', () => {
  it.each([
    ['Invalid token.'],
    ['Authentication credentials were not provided.'],
    ['User inactive or deleted.'],
  ])('maps 403 "%s" to dojo_auth_failed without echoing the key', async (detail) => {
    fake.on('GET', '/api/v2/products/', { status: 403, json: { detail } });
    const err = await caught(client.get('products/'));
    expect(err).toBeInstanceOf(DojoAuthError);
    expect((err as DojoAuthError).code).toBe('dojo_auth_failed');
    expect(err.message).not.toContain(READ);
    expect(JSON.stringify(err)).not.toContain(READ);
  });

  it('maps a permission 403 to dojo_forbidden', async () => {
    fake.on('PATCH', '/api/v2/findings/3/', {
      status: 403,
      json: { detail: 'You do not have permission to perform this action.' },
    });
    expect(await caught(client.patch('findings/3/', { title: 'x' }))).toBeInstanceOf(
      DojoForbiddenError,
    );
  });

  it('maps "No Finding matches" to dojo_not_found naming the object kind', async () => {
    fake.on('GET', '/api/v2/findings/999/', {
      status: 404,
      json: { detail: 'No Finding matches the given query.' },
    });
    const err = await caught(client.get('findings/999/'));
    expect(err).toBeInstanceOf(DojoNotFoundError);
    expect(err.message).toMatch(/no finding with that id/);
  });

  it('maps a 404 on groups/roles routes to dojo_endpoint_absent mentioning 3.x', async () => {
    const err = await caught(client.get('dojo_groups/'));
    expect(err).toBeInstanceOf(DojoEndpointAbsentError);
    expect(err.message).toMatch(/3\.x/);
    const err2 = await caught(client.get('roles/', new URLSearchParams({ limit: '5' })));
    expect(err2).toBeInstanceOf(DojoEndpointAbsentError);
  });

  it('extracts field errors and drops the Python repr `message` and the `pro` advert', async () => {
    fake.on('POST', '/api/v2/findings/', {
      status: 400,
      json: {
        title: ['This field is required.'],
        severity: [
          "Severity must be one of the following: ['Info', 'Low', 'Medium', 'High', 'Critical']",
        ],
        message: "{'title': [ErrorDetail(string='This field is required.', code='required')]}",
        pro: ['Pro comes with support. Try today for free or email us at hello@defectdojo.com'],
      },
    });
    const err = (await caught(client.post('findings/', { json: {} }))) as DojoValidationError;
    expect(err).toBeInstanceOf(DojoValidationError);
    expect(err.details).toEqual([
      'title: This field is required.',
      "severity: Severity must be one of the following: ['Info', 'Low', 'Medium', 'High', 'Critical']",
    ]);
    expect(err.message).not.toMatch(/ErrorDetail|Pro comes/);
  });

  it('handles the bare-array and {"error"} 400 shapes', async () => {
    fake.on('POST', '/api/v2/import-scan/', {
      status: 400,
      json: ['product_name parameter missing'],
    });
    const a = (await caught(client.post('import-scan/', { json: {} }))) as DojoValidationError;
    expect(a.details).toEqual(['product_name parameter missing']);
    fake.on('PUT', '/api/v2/findings/1/remove_tags/', {
      status: 400,
      json: { error: 'Empty Tag List Not Allowed' },
    });
    const b = (await caught(
      client.put('findings/1/remove_tags/', { tags: [] }),
    )) as DojoValidationError;
    expect(b.details).toEqual(['Empty Tag List Not Allowed']);
  });

  it('strips control and bidi characters from upstream validation text and truncates it', async () => {
    fake.on('POST', '/api/v2/tests/', {
      status: 400,
      json: { title: [`line1\nFAKE LOG LINE\u202e${'x'.repeat(500)}`], 'bad key\n': ['y'] },
    });
    const err = (await caught(client.post('tests/', { json: {} }))) as DojoValidationError;
    expect(err.message).not.toMatch(/[\n\u202e]/);
    expect(err.details[0]!.length).toBeLessThan(260);
    expect(err.details[1]).toBe('field: y');
  });

  it('maps 500 to dojo_bad_response without the upstream body', async () => {
    fake.on('POST', '/api/v2/reimport-scan/', {
      status: 500,
      json: { message: 'Internal server error, check logs for details', trace: 'SECRET-TRACE' },
    });
    const err = await caught(client.post('reimport-scan/', { json: {} }));
    expect(err).toBeInstanceOf(DojoBadResponseError);
    expect(err.message).not.toContain('SECRET-TRACE');
  });

  it('rejects a 200 that is not JSON', async () => {
    fake.on('GET', '/api/v2/users/', { text: '<html>login</html>', contentType: 'text/html' });
    expect(await caught(client.get('users/'))).toBeInstanceOf(DojoBadResponseError);
  });

  it('does not follow redirects, so the token never reaches the redirect target', async () => {
    const other = await startFakeDojo();
    try {
      fake.on('GET', '/api/v2/products/', {
        status: 302,
        headers: { location: `${other.url}steal` },
      });
      const err = await caught(client.get('products/'));
      expect(err).toBeInstanceOf(DojoBadResponseError);
      expect(other.seen).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('caps the response size', async () => {
    fake.on('GET', '/api/v2/tests/', { json: { count: 1, results: ['x'.repeat(5000)] } });
    const small = make({ maxResponseBytes: 1024 });
    const err = await caught(small.get('tests/'));
    expect(err).toBeInstanceOf(DojoBadResponseError);
    expect(err.message).toMatch(/DEFECTDOJO_MAX_RESPONSE_BYTES/);
  });
});

describe('DojoClient retries and timeouts', () => {
  it('retries a GET after 503 and succeeds', async () => {
    fake.on('GET', '/api/v2/product_types/', [
      { status: 503, text: 'busy' },
      { json: { count: 0, results: [] } },
    ]);
    await expect(client.get('product_types/')).resolves.toEqual({ count: 0, results: [] });
    expect(fake.seen.filter((s) => s.url.startsWith('/api/v2/product_types/'))).toHaveLength(2);
  });

  it('never retries a POST', async () => {
    fake.on('POST', '/api/v2/engagements/', { status: 503, text: 'busy' });
    expect(await caught(client.post('engagements/', { json: {} }))).toBeInstanceOf(
      DojoBadResponseError,
    );
    expect(fake.seen).toHaveLength(1);
  });

  it('gives up after maxRetries+1 attempts with a timeout error', async () => {
    fake.on('GET', '/api/v2/engagements/', { delayMs: 1500, json: {} });
    const err = await caught(make({ maxRetries: 1 }).get('engagements/'));
    expect(err).toBeInstanceOf(DojoTimeoutError);
    expect(fake.seen).toHaveLength(2);
  });

  it('reports a closed port as dojo_unreachable', async () => {
    const gone = await startFakeDojo();
    const url = gone.url;
    await gone.close();
    const err = await caught(make({ baseUrl: url, maxRetries: 0 }).get('products/'));
    expect(err).toBeInstanceOf(DojoUnreachableError);
    expect(err.message).not.toContain(url);
  });
});
