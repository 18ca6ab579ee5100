/** Which official file feeds which generated artefact in specs/. */
export const bundleSources = [
  { file: 'psd2-api-1.3.12-2022-07-06.yaml', out: 'berlin-group-1.3.12.json' },
  { file: 'psd2-api-1.3.8-2020-11-06.yaml', out: 'berlin-group-1.3.8.json' },
] as const;

/** Only 1.3.8 still enumerates the message codes. */
export const messageCodeSource = { file: 'psd2-api-1.3.8-2020-11-06.yaml', out: 'message-codes.json' } as const;
