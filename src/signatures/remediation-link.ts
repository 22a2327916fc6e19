import type { Signature } from './signature';

/** The project's remediation guide; each signature has a section whose anchor is its id. */
export const REMEDIATION_GUIDE = 'docs/remediation.md';

export interface RemediationLink {
  /** `docs/remediation.md#<id>`: what to do, with the version gates that change it. */
  readonly guide: string;
  /** The RabbitMQ documentation page, when there is one. */
  readonly docs: string | null;
}

export const remediationLink = (signature: Signature): RemediationLink => ({
  guide: `${REMEDIATION_GUIDE}#${signature.id}`,
  docs: signature.docsUrl ?? null,
});
