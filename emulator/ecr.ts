/**
 * Amazon ECR in the emulator, read only: DescribeImages, on ECR's wire protocol (AWS JSON 1.1,
 * `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Op>`, see server.ts). The emulator holds no
 * images of its own: every repository and image is there, as if the build had pushed it, but for
 * the `missingImages` fault switch, which names `repository:tag` entries ECR has not got (and
 * `repository` entries for a repository that does not exist).
 */
import { createHash } from 'node:crypto'
import { err } from './errors.js'
import type { Faults } from './faults.js'
import { ACCOUNT_ID } from './ids.js'

type Params = Record<string, any>

export class Ecr {
  constructor(private readonly faults: Faults) {}

  DescribeImages(p: Params, ctx: { now: number }): unknown {
    const registryId: string = p.registryId ?? ACCOUNT_ID
    const repositoryName: string = p.repositoryName
    const missing = this.faults.missingImages()
    if (missing.includes(repositoryName)) {
      throw err('RepositoryNotFoundException', `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`)
    }
    const ids: { imageTag?: string; imageDigest?: string }[] = p.imageIds ?? [{ imageTag: 'latest' }]
    const imageDetails = ids.map((id) => {
      if (id.imageTag && missing.includes(`${repositoryName}:${id.imageTag}`)) {
        throw err(
          'ImageNotFoundException',
          `The image with imageId {imageDigest:'null', imageTag:'${id.imageTag}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`
        )
      }
      const digest = id.imageDigest ?? `sha256:${createHash('sha256').update(`${registryId}/${repositoryName}:${id.imageTag}`).digest('hex')}`
      return {
        registryId,
        repositoryName,
        imageDigest: digest,
        ...(id.imageTag ? { imageTags: [id.imageTag] } : {}),
        imageSizeInBytes: 52_428_800,
        // Pushed an hour before it is asked about; JSON 1.1 timestamps are epoch seconds.
        imagePushedAt: (ctx.now - 3_600_000) / 1000,
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        artifactMediaType: 'application/vnd.docker.container.image.v1+json'
      }
    })
    return { imageDetails }
  }
}
