/** verify-pack's report as a person reads it: the verdict first, then what differs. */
import type { VerifyReport } from './verify-pack';

export function describeVerification(file: string, r: VerifyReport): string {
  const out: string[] = [];
  out.push(`${file}: ${r.month}, run ${r.runId}, engine ${r.engineVersion}`);
  const f = r.files;
  if (f.altered.length === 0 && f.missing.length === 0 && f.added.length === 0)
    out.push(`files: ${f.checked} checked, each matches its sha256 in SHA256SUMS`);
  for (const a of f.altered)
    out.push(`ALTERED: ${a.file} (sha256 ${a.found}, SHA256SUMS says ${a.expected})`);
  for (const m of f.missing) out.push(`MISSING: ${m} (listed in SHA256SUMS)`);
  for (const a of f.added) out.push(`ADDED: ${a} (not in SHA256SUMS)`);
  if (r.recomputationError) out.push(`recomputation failed: ${r.recomputationError}`);
  else {
    out.push(
      r.identity.same
        ? `identity: recomputed ${r.identity.recomputed}, the same as the run's`
        : r.identity.comparable
          ? `identity: recomputed ${r.identity.recomputed}, the run's is ${r.identity.pack}: the inputs differ from what the run used`
          : `identity: not comparable: the pack was made by engine ${r.engineVersion} and this Energy Ledger's is newer (the identity includes the engine version); the lines are compared`,
    );
    out.push(
      `lines: ${r.lines.pack} in the pack, ${r.lines.recomputed} recomputed, ${r.lines.differing} differ`,
    );
  }
  for (const d of r.differences)
    out.push(
      `  ${d.hourStartLocal || d.hourStartUtc} (UTC ${d.hourStartUtc}) ${d.kind} ${d.generatorId || '-'} → ${d.consumerId || '-'}: ${d.figure} ${d.pack} in the pack, ${d.recomputed} recomputed`,
    );
  if (r.differences.length < r.lines.differing)
    out.push(`  … ${r.lines.differing - r.differences.length} more`);
  out.push(r.identical ? 'IDENTICAL' : 'DIFFERENT');
  return `${out.join('\n')}\n`;
}
