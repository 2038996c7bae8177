/**
 * One synthetic sample per catalog kind. Built by concatenation at run time so no complete
 * credential-shaped literal sits in the repository (secret scanners would flag the test file).
 */
const A36 = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

export const SECRET_SAMPLES: readonly { kind: string; text: string; secret: string }[] = [
  {
    kind: 'aws_access_key_id',
    text: 'key=' + 'AKIA' + 'Z7XQ2MPLK4W9RT3B end',
    secret: 'AKIA' + 'Z7XQ2MPLK4W9RT3B',
  },
  {
    kind: 'aws_secret_access_key',
    text: 'aws_secret_access_key = ' + 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY',
    secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY',
  },
  { kind: 'github_token', text: 'token: ' + 'ghp_' + A36, secret: 'ghp_' + A36 },
  { kind: 'github_token', text: 'oauth ' + 'gho_' + A36 + '.', secret: 'gho_' + A36 },
  {
    kind: 'github_fine_grained_pat',
    text: 'use ' + 'github_pat_' + '11ABCDEFG0' + A36 + '_' + A36,
    secret: 'github_pat_' + '11ABCDEFG0' + A36 + '_' + A36,
  },
  {
    kind: 'gitlab_token',
    text: 'GITLAB ' + 'glpat-' + 'xK9fT2mQ8rW4zL6pN1vB',
    secret: 'glpat-' + 'xK9fT2mQ8rW4zL6pN1vB',
  },
  {
    kind: 'slack_token',
    text: 'slack ' + 'xoxb-' + '123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx',
    secret: 'xoxb-' + '123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx',
  },
  {
    kind: 'slack_webhook',
    text:
      'post to ' +
      'https://hooks.slack.com/services/' +
      'T0000AAAA/B0000BBBB/' +
      'XXXXyyyyZZZZ1111',
    secret: 'T0000AAAA/B0000BBBB/' + 'XXXXyyyyZZZZ1111',
  },
  {
    kind: 'stripe_key',
    text: 'stripe ' + 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
    secret: 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  },
  {
    kind: 'pem_private_key',
    text:
      'found:\n-----BEGIN RSA ' +
      'PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw\n' +
      '-----END RSA PRIVATE KEY-----\nin conf/rsa.pk',
    secret: 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo',
  },
  {
    kind: 'jwt',
    text:
      'Authorization header ' +
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' +
      '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0' +
      '.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    secret: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  },
  {
    kind: 'anthropic_or_openai_key',
    text: 'OPENAI ' + 'sk-proj-' + A36,
    secret: 'sk-proj-' + A36,
  },
  {
    kind: 'google_api_key',
    text: 'maps ' + 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
    secret: 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
  },
  { kind: 'npm_token', text: '//registry/:_auth ' + 'npm_' + A36, secret: 'npm_' + A36 },
  {
    kind: 'vault_token',
    text: 'VAULT ' + 'hvs.' + 'CAESIJ1b2C3d4E5f6G7h8I9j0K1l2',
    secret: 'hvs.' + 'CAESIJ1b2C3d4E5f6G7h8I9j0K1l2',
  },
  {
    kind: 'sendgrid_key',
    text:
      'mail ' + 'SG.' + 'ngeVfQFYQlKU0ufo8x5d1A' + '.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr',
    secret: 'TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr',
  },
  {
    kind: 'bearer_token',
    text: 'Authorization: Bearer ' + 'mF_9.B5f-4.1JqM' + 'abcdefghijk',
    secret: 'mF_9.B5f-4.1JqM' + 'abcdefghijk',
  },
  { kind: 'generic_assignment', text: 'DB_PASSWORD="Tr0ub4dor&3xyz"', secret: 'Tr0ub4dor&3xyz' },
  {
    kind: 'azure_storage_key',
    text: 'AccountName=dojo;AccountKey=' + 'k9Qw/'.repeat(17) + 'A==' + ';EndpointSuffix=x',
    secret: 'k9Qw/'.repeat(17) + 'A==',
  },
  {
    kind: 'url_credentials',
    text: 'DATABASE_URL=postgres://dojo:' + 'S3cr3t-Pa55' + '@db.internal:5432/dojo',
    secret: 'S3cr3t-Pa55',
  },
  {
    kind: 'basic_auth',
    text: 'Authorization: Basic ' + Buffer.from('svc:' + 'Pa55w0rd-xyz').toString('base64'),
    secret: Buffer.from('svc:' + 'Pa55w0rd-xyz').toString('base64'),
  },
  { kind: 'reported_secret', text: '**Secret:** secretAWSsecret', secret: 'secretAWSsecret' },
  { kind: 'generic_assignment', text: "api-key: 'k8s9d8f7g6h5j4'", secret: 'k8s9d8f7g6h5j4' },
];
