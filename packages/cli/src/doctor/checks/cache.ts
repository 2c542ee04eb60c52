import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliCodes } from '../../cli-codes.js';
import { registryClient } from '../check-modules.js';
import type { DoctorCheck, NamedResult } from '../doctor-check.js';

const LOW_DISK_BYTES = 512 * 2 ** 20;

/**
 * The package cache: every tarball hashed against its digest, packuments parsed, temp files
 * of dead processes found. Without --fix nothing is removed; with it, what is wrong goes
 * (a later install fetches it again). Then the free space where the cache lives.
 */
export const packageCache: DoctorCheck = {
  name: 'cache',
  load: registryClient,
  run: async ({ cacheDir, fix, signal }) => {
    const { verifyCache } = await registryClient();
    const report = await verifyCache({ cacheDir, signal, dryRun: !fix });
    const problems = [
      report.corruptRemoved && `${report.corruptRemoved} corrupt tarball(s)`,
      report.metadataRemoved &&
        `${report.metadataRemoved} unreadable metadata entr${report.metadataRemoved === 1 ? 'y' : 'ies'}`,
      report.tempRemoved && `${report.tempRemoved} orphaned temp file(s)`,
    ]
      .filter(Boolean)
      .join(', ');
    const summary = `${report.tarballs} tarball(s), ${(report.bytes / 2 ** 20).toFixed(1)} MB in ${cacheDir}`;
    const rows: NamedResult[] = [
      problems
        ? fix
          ? { name: 'cache', status: 'ok', detail: summary, fixed: `removed ${problems}` }
          : {
              name: 'cache',
              status: 'warning',
              detail: `${summary}; found ${problems}`,
              // Only a tarball that fails its digest is an integrity problem; leftovers of killed installs are not.
              code: report.corruptRemoved ? 'PC_REGISTRY_INTEGRITY' : CliCodes.PC_CLI_CACHE_LEFTOVERS.code,
              fix: 'parsercraft doctor --fix',
            }
        : { name: 'cache', status: 'ok', detail: `${summary}, all verified` },
    ];
    const disk = await statfs(existingAncestor(cacheDir)).catch(() => undefined);
    if (disk) {
      const free = disk.bavail * disk.bsize;
      rows.push({
        name: 'disk space',
        status: free < LOW_DISK_BYTES ? 'warning' : 'ok',
        detail: `${(free / 2 ** 30).toFixed(1)} GB free where the cache is`,
        ...(free < LOW_DISK_BYTES && {
          code: 'PC_RESOURCE_DISK_FULL',
          fix: 'free some disk space, or set PARSERCRAFT_CACHE to a roomier disk',
        }),
      });
    }
    return rows;
  },
};

/** The cache folder may not exist yet: its free space is that of the nearest folder that does. */
function existingAncestor(path: string): string {
  let at = path;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}
