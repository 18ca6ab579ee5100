import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, Reporter } from '@playwright/test/reporter';
import { buildRunReport, readRunInfo } from './build.ts';
import { describeAspsp, harnessVersion, redactedProfileText, sha256, type RunInfo } from './run-info.ts';
import { displayPath, pointLatest, pruneTestResults, reportsRoot, RUN_FILES } from './runs.ts';

interface Options {
  readonly runDir: string;
  readonly runId: string;
  readonly profileFile: string;
  /** Build the HTML report at the end (off for `run --no-report`). */
  readonly html?: boolean;
  /** Run folders this run merges (`psd2-conformance merge`). */
  readonly mergedFrom?: readonly string[];
}

/**
 * Listed last among the reporters, so it runs after the Allure and summary reporters have
 * written their files: finishes the run folder (run.json, redacted profile, coverage, report,
 * manifest) and points `latest` at it. The same whether the run was started by
 * `psd2-conformance run` or `npx playwright test`. It listens only: a report that cannot be built
 * is said on stderr, and the run's verdict stays the summary's.
 */
export default class RunFolderReporter implements Reporter {
  private readonly options: Options;
  private info?: RunInfo;

  constructor(options: Options) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig): void {
    const { runDir, runId, profileFile, mergedFrom } = this.options;
    mkdirSync(runDir, { recursive: true });
    const shards = (mergedFrom ?? []).map((dir) => ({ dir, info: readRunInfo(dir) }));
    let profileText: string;
    if (shards.length) {
      // A merged run's profile is its shards' (they must agree): the merging machine may not have it.
      const first = shards[0]!;
      const copied = join(first.dir, RUN_FILES.profile);
      if (!existsSync(copied)) throw new Error(`${first.dir} has no ${RUN_FILES.profile}: not a run folder`);
      copyFileSync(copied, join(runDir, RUN_FILES.profile));
      profileText = '';
    } else {
      try {
        profileText = redactedProfileText(profileFile);
        writeFileSync(join(runDir, RUN_FILES.profile), profileText);
      } catch (e) {
        // The run reports the profile's own errors; the folder just lacks its copy.
        process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
        profileText = '';
      }
    }
    const shardInfos = shards.map((s) => s.info).filter((i): i is RunInfo => i !== undefined);
    this.info = {
      runId,
      startedAt: shardInfos.length ? shardInfos.map((i) => i.startedAt).sort()[0]! : new Date().toISOString(),
      aspsp: shardInfos[0]?.aspsp ?? describeAspsp(profileFile),
      profileSha256: shardInfos[0]?.profileSha256 ?? (profileText ? sha256(profileText) : '(the profile did not load)'),
      harness: harnessVersion(),
      ...(config.shard ? { shard: `${config.shard.current}/${config.shard.total}` } : {}),
      ...(shards.length ? { mergedFrom: shardInfos.map((i) => i.runId) } : {}),
    };
    this.writeInfo();
  }

  async onEnd(): Promise<void> {
    const { runDir } = this.options;
    if (this.info) {
      const shardEnds = (this.options.mergedFrom ?? []).map((d) => readRunInfo(d)?.endedAt).filter((e): e is string => !!e);
      this.info = { ...this.info, endedAt: shardEnds.length ? shardEnds.sort().at(-1)! : new Date().toISOString() };
      this.writeInfo();
    }
    pruneTestResults(runDir);
    const built = await buildRunReport(runDir, { html: this.options.html !== false });
    for (const m of built.messages) process.stderr.write(`${m}\n`);
    try {
      pointLatest(reportsRoot(), runDir);
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    }
    const index = join(runDir, RUN_FILES.report, 'index.html');
    process.stdout.write(
      `\nRun ${this.options.runId}: ${displayPath(runDir)}\n` +
        (existsSync(index) ? `Report: ${displayPath(index)}\n` : '') +
        `Coverage: ${displayPath(join(runDir, RUN_FILES.coverageHtml))}\n` +
        `Integrity manifest: ${displayPath(join(runDir, RUN_FILES.manifest))} (check with: cd ${displayPath(runDir)} && sha256sum -c ${RUN_FILES.manifest})\n`,
    );
  }

  private writeInfo(): void {
    writeFileSync(join(this.options.runDir, RUN_FILES.run), `${JSON.stringify(this.info, null, 2)}\n`);
  }
}
