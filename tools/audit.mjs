#!/usr/bin/env node
// `npm audit` for CI: fails on high or critical advisories, and only reports (exit 0) when
// the advisories endpoint cannot be reached. Some registries and mirrors answer the bulk
// advisories request with 405; offline machines cannot reach it at all. Neither is a finding.
//
//   node tools/audit.mjs              runs `npm audit --json` itself
//   node tools/audit.mjs --from FILE  judges a saved `npm audit --json` answer (for tests)
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/**
 * @typedef {{ severity: string }} Finding
 * @typedef {{
 *   metadata?: { vulnerabilities?: Record<string, number> },
 *   vulnerabilities?: Record<string, Finding>,
 *   message?: string,
 *   error?: { summary?: string },
 * }} AuditAnswer
 * @typedef {{ exitCode: number, message: string }} Verdict
 */

/** The severities that fail CI. */
export const FAILING_SEVERITIES = ['high', 'critical'];

/**
 * What CI does with an `npm audit --json` answer: `{ exitCode, message }`.
 * A report (it has `metadata.vulnerabilities`) fails when it counts a failing severity;
 * anything else means the audit did not run, which is reported and passes.
 */
/**
 * @param {string} output
 * @returns {Verdict}
 */
export function auditVerdict(output) {
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(output);
  } catch {
    return unreachable(output.trim().split('\n')[0] || 'no answer');
  }
  const answer = /** @type {AuditAnswer | null} */ (parsed);
  const counts = answer?.metadata?.vulnerabilities;
  if (counts === undefined) return unreachable(answer?.message ?? answer?.error?.summary);
  const failing = Object.entries(answer?.vulnerabilities ?? {})
    .filter(([, finding]) => FAILING_SEVERITIES.includes(finding.severity))
    .map(([name, finding]) => `${name} (${finding.severity})`);
  const summary = Object.entries(counts)
    .filter(([severity, count]) => severity !== 'total' && count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
  if (failing.length > 0) {
    return {
      exitCode: 1,
      message: `npm audit: ${summary}. High or critical: ${failing.join(', ')}. Run \`npm audit\` for the advisories.`,
    };
  }
  return {
    exitCode: 0,
    message: `npm audit: ${summary || 'no advisories'}; none high or critical.`,
  };
}

/**
 * @param {string | undefined} reason
 * @returns {Verdict}
 */
function unreachable(reason) {
  return {
    exitCode: 0,
    message: `npm audit did not run: the advisories endpoint could not be reached (${reason ?? 'unknown reason'}). Not a finding; nothing was checked.`,
  };
}

/** @param {string[]} args */
function main(args) {
  const from = args.indexOf('--from');
  const output =
    from === -1
      ? (spawnSync('npm', ['audit', '--json'], { encoding: 'utf8', timeout: 120_000 }).stdout ?? '')
      : readFileSync(args[from + 1], 'utf8');
  const { exitCode, message } = auditVerdict(output);
  if (exitCode === 0) console.log(message);
  else console.error(message);
  process.exitCode = exitCode;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
