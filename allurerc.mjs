import { defineConfig } from 'allure';

const reports = process.env.PSD2_REPORTS ?? 'reports';

export default defineConfig({
  name: 'PSD2 conformance (Berlin Group NextGenPSD2)',
  output: `${reports}/allure-report`,
  plugins: {
    awesome: {
      options: {
        // One self-contained file: what a compliance team archives and hashes.
        singleFile: true,
        // bank › suite › case, instead of the runner's generated spec file.
        groupBy: ['parentSuite', 'suite'],
      },
    },
  },
});
