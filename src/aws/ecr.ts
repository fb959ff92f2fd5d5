/** Amazon ECR, read only: whether an image a task definition names is in its repository (mode plan). */
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr'
import { provideClient } from './clients.js'

provideClient('ecr', (config) => new ECRClient(config))

/** An image URI of ECR: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` or `@<digest>`. */
export interface EcrImage {
  registryId: string
  region: string
  repositoryName: string
  imageTag?: string | undefined
  imageDigest?: string | undefined
}

const ECR_URI = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@(sha256:[a-f0-9]{64}))?$/

/** The image's place in ECR, or undefined for an image of another registry. */
export function ecrImage(uri: string): EcrImage | undefined {
  const m = ECR_URI.exec(uri)
  if (!m || (!m[4] && !m[5])) return undefined
  return { registryId: m[1]!, region: m[2]!, repositoryName: m[3]!, imageTag: m[5] ? undefined : m[4], imageDigest: m[5] }
}

/** Whether the image is in its repository: 'missing' (no such tag or digest), 'no-repository', or 'found'. */
export async function imageState(ecr: ECRClient, image: EcrImage): Promise<'found' | 'missing' | 'no-repository'> {
  try {
    const out = await ecr.send(
      new DescribeImagesCommand({
        registryId: image.registryId,
        repositoryName: image.repositoryName,
        imageIds: [image.imageDigest ? { imageDigest: image.imageDigest } : { imageTag: image.imageTag }]
      })
    )
    return out.imageDetails?.length ? 'found' : 'missing'
  } catch (err) {
    const name = (err as Error).name
    if (name === 'ImageNotFoundException') return 'missing'
    if (name === 'RepositoryNotFoundException') return 'no-repository'
    throw err
  }
}
