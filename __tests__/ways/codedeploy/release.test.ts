import { describe, expect, it } from '@jest/globals'
import { describeRelease, recordedPrevious } from '../../../src/ways/codedeploy/release.js'

describe('describeRelease', () => {
  const own = (o: Record<string, string> = {}) => ({ description: o['codedeploy-deployment-description'] })
  const env = {
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_SERVER_URL: 'https://github.com'
  }

  it('names the commit and the run, and ends with the release token', () => {
    expect(describeRelease(own(), env, '9876543210-a1b2c3d4')).toBe(
      'Deployed by ecs-bluegreen-action commit 0123456789ab https://github.com/acme/web/actions/runs/9876543210 [release 9876543210-a1b2c3d4]'
    )
    expect(describeRelease(own(), {}, 'local-00ff00ff')).toBe('Deployed by ecs-bluegreen-action [release local-00ff00ff]')
    expect(describeRelease(own({ 'codedeploy-deployment-description': 'Release 1.5.0' }), env, 't-1')).toBe('Release 1.5.0 [release t-1]')
  })

  it('stays within the 512 characters CodeDeploy takes, keeping the token', () => {
    const d = describeRelease(own({ 'codedeploy-deployment-description': 'x'.repeat(600) }), env, '9876543210-a1b2c3d4')
    expect(d.length).toBeLessThanOrEqual(512)
    expect(d.endsWith(' [release 9876543210-a1b2c3d4]')).toBe(true)
  })

  it('records the revision the release replaces, for a later rollback-to previous to read back', () => {
    const d = describeRelease(own(), {}, 'local-00ff00ff', 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7')
    expect(d).toBe('Deployed by ecs-bluegreen-action [release local-00ff00ff; previous web:7]')
    expect(recordedPrevious(d)).toBe('web:7')
    const long = describeRelease(own({ 'codedeploy-deployment-description': 'x'.repeat(600) }), env, 't-1', 'arn:aws:ecs:us-east-1:1:task-definition/web:7')
    expect(long.length).toBeLessThanOrEqual(512)
    expect(recordedPrevious(long)).toBe('web:7')
    // Releases without it (older ones, or not made by this action) record nothing.
    expect(recordedPrevious('Deployed by ecs-bluegreen-action [release t-1]')).toBeUndefined()
    expect(recordedPrevious('previous web:3')).toBeUndefined()
    expect(recordedPrevious(undefined)).toBeUndefined()
  })
})
