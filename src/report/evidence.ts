/** Where a step writes evidence (Allure's runtime attachment in the runner, nothing in benchmarks). */
export interface StepEvidence {
  attach(name: string, options: { body: string | Buffer; contentType: string }): Promise<void>;
}
