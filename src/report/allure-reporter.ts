import { AllureReporter } from 'allure-playwright';
import type { FullConfig } from '@playwright/test/reporter';

/**
 * allure-playwright, also under `playwright merge-reports`: there the configuration reaches the
 * reporters before the shards' projects do (`projects` is empty), and allure-playwright 3.12 reads
 * `projects[0].outputDir` unguarded. The folders it reads there only locate snapshot files, which
 * these suites do not make.
 */
export default class MergeSafeAllureReporter extends AllureReporter {
  override onConfigure(config: FullConfig): void {
    if (config.projects.length) return super.onConfigure(config);
    const stand = { outputDir: config.rootDir, snapshotDir: config.rootDir } as FullConfig['projects'][number];
    super.onConfigure({ ...config, projects: [stand] });
  }
}
