import type { PagePicture } from '../sca/picture.ts';
import type { StepEvidence } from './types.ts';

/** A bank page's picture on its step, named for when it was taken; a withheld one leaves a note saying why. */
export async function attachPicture(evidence: StepEvidence, page: string, picture: PagePicture): Promise<void> {
  if (picture.image.length) await evidence.attach(`${page} (${picture.when})`, { body: picture.image, contentType: 'image/png' });
  else if (picture.withheld) await evidence.attach(`${page}: no picture`, { body: picture.withheld, contentType: 'text/plain' });
}
