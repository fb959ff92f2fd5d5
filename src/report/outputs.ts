import type { ReleaseResult } from '../core/result.js'

/** The step's outputs. Names are the public interface: `codedeploy-deployment-id` is the official action's. */
export function outputsOf(r: ReleaseResult): Record<string, string> {
  return {
    'deployment-id': r.deploymentId ?? '',
    'codedeploy-deployment-id': r.deploymentId ?? '',
    outcome: r.outcome,
    'task-definition-arn': r.taskDefinitionArn ?? '',
    'previous-task-definition-arn': r.previousTaskDefinitionArn ?? '',
    'deployment-url': r.deploymentUrl ?? '',
    'rollback-deployment-id': r.rollbackDeploymentId ?? '',
    // Only mode plan has one: a release's outputs stay as they were.
    ...(r.plan ? { plan: r.plan } : {})
  }
}
