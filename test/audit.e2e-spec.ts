import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './support/repository-copy.js';

/** A report as `npm audit --json` (npm 7 and later) writes it, with one finding per severity given. */
function report(findings: Record<string, string>) {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 };
  const vulnerabilities: Record<string, object> = {};
  for (const [name, severity] of Object.entries(findings)) {
    counts[severity as keyof typeof counts] += 1;
    counts.total += 1;
    vulnerabilities[name] = { name, severity, isDirect: false, via: [], fixAvailable: true };
  }
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: counts },
  });
}

/** What this machine's registry answers: the bulk advisories endpoint is not served. */
const UNREACHABLE = JSON.stringify({
  message:
    '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  statusCode: 405,
  error: { summary: '', detail: '' },
});

describe('the audit step of CI (tools/audit.mjs)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'audit-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function judge(answer: string) {
    const file = path.join(dir, `answer-${Math.random()}.json`);
    writeFileSync(file, answer);
    const run = spawnSync(process.execPath, ['tools/audit.mjs', '--from', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { status: run.status, output: run.stdout + run.stderr };
  }

  it('fails on a high or a critical advisory, naming the package', () => {
    expect(judge(report({ 'some-lib': 'high', other: 'low' }))).toEqual({
      status: 1,
      output: expect.stringMatching(/1 low, 1 high\. High or critical: some-lib \(high\)/),
    });
    expect(judge(report({ 'bad-lib': 'critical' })).status).toBe(1);
  });

  it('passes on moderate and lower advisories, and on none, saying what it found', () => {
    expect(judge(report({ 'some-lib': 'moderate', other: 'low' }))).toEqual({
      status: 0,
      output: expect.stringMatching(/1 low, 1 moderate; none high or critical/),
    });
    expect(judge(report({})).output).toMatch(/no advisories/);
  });

  it('reports, without failing, when the advisories endpoint cannot be reached', () => {
    expect(judge(UNREACHABLE)).toEqual({
      status: 0,
      output: expect.stringMatching(/did not run: .*405 Method Not Allowed.*nothing was checked/),
    });
    expect(judge('').output).toMatch(/did not run: .*no answer/);
  });
});
