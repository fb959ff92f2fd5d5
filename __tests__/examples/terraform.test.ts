/**
 * examples/terraform: provisions what the action expects. Always: the pieces are there and the
 * repository's IAM policy document is fully pointed at the stack. Where terraform is installed:
 * terraform fmt -check. With TF_PLUGIN_DIR (a provider mirror) or TERRAFORM_TEST=1 (registry
 * access): terraform init + terraform test, which applies the stack to a mocked AWS provider.
 * Each terraform check that cannot run is skipped, and its name says why.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'

const DIR = 'examples/terraform'
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8')
const all = readdirSync(DIR)
  .filter((f) => f.endsWith('.tf'))
  .map(read)
  .join('\n')

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' })
const hasTerraform = terraform.status === 0
const version = hasTerraform ? /Terraform v(\S+)/.exec(terraform.stdout)?.[1] : undefined
const pluginDir = process.env.TF_PLUGIN_DIR
const canInit = hasTerraform && (Boolean(pluginDir) || process.env.TERRAFORM_TEST === '1')

function tf(args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync('terraform', args, { cwd, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' }, timeout: 300_000 })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

describe('examples/terraform provisions what the action expects', () => {
  it('an ECS service on the CODE_DEPLOY controller, behind an ALB with blue and green target groups and a test listener', () => {
    expect(all).toMatch(/resource "aws_ecs_cluster" "this"/)
    expect(all).toMatch(/deployment_controller \{\s+type = "CODE_DEPLOY"\s+\}/)
    expect(all).toMatch(/target_groups = toset\(\["blue", "green"\]\)/)
    expect(all).toMatch(/resource "aws_lb_listener" "test"/)
    expect(all).toMatch(/test_traffic_route \{\s+listener_arns = \[aws_lb_listener\.test\.arn\]/)
    // CodeDeploy owns these after the first release: a later apply must leave them alone.
    expect(all).toMatch(/ignore_changes = \[task_definition, load_balancer\]/)
    expect(all.match(/ignore_changes = \[default_action\]/g)).toHaveLength(2)
  })

  it('a CodeDeploy group: canary for dev, linear otherwise through a variable; rollback on failure and alarm; 5xx and latency alarms', () => {
    expect(all).toMatch(/compute_platform = "ECS"/)
    expect(all).toMatch(/deployment_type\s+= "BLUE_GREEN"/)
    expect(all).toMatch(/var\.deployment_config_name,\s+var\.environment == "dev" \? "CodeDeployDefault\.ECSCanary10Percent5Minutes" : "CodeDeployDefault\.ECSLinear10PercentEvery3Minutes"/)
    expect(read('environments/dev.tfvars')).toMatch(/deployment_config_name = "CodeDeployDefault\.ECSCanary/)
    expect(read('environments/prod.tfvars')).toMatch(/deployment_config_name = "CodeDeployDefault\.ECSLinear/)
    expect(all).toMatch(/events\s+= \["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"\]/)
    expect(all).toMatch(/metric_name\s+= "HTTPCode_Target_5XX_Count"/)
    expect(all).toMatch(/metric_name\s+= "TargetResponseTime"/)
    expect(all).toMatch(/TargetGroup\s+= aws_lb_target_group\.this\[each\.key\]\.arn_suffix/)
  })

  it('the GitHub OIDC role, limited to the repository’s environments, with the repository’s own IAM policy document', () => {
    expect(all).toMatch(/url\s+= "https:\/\/token\.actions\.githubusercontent\.com"/)
    expect(all).toMatch(/"token\.actions\.githubusercontent\.com:sub" = \[for e in local\.github_environments : "repo:\$\{var\.github_repository\}:environment:\$\{e\}"\]/)
    expect(all).toMatch(/file\(coalesce\(var\.deploy_policy_file, "\$\{path\.module\}\/\.\.\/\.\.\/docs\/iam-policy\.json"\)\)/)
  })

  it('every example value of docs/iam-policy.json is replaced by what the stack creates (the substitutions in github-oidc.tf)', () => {
    const oidc = read('github-oidc.tf')
    // Each replace(), in order, with its ${...} interpolations standing for what the stack names.
    const pairs = [...oidc.matchAll(/policy_\d+ = replace\(local\.policy_\d+, "([^"]+)", "([^"]+)"\)/g)].map((m) => [m[1]!, m[2]!.replace(/\$\{[^}]+\}/g, 'STACK')] as const)
    expect(pairs.length).toBeGreaterThanOrEqual(9)
    let doc = readFileSync('docs/iam-policy.json', 'utf8')
    for (const [from, to] of pairs) doc = doc.split(from).join(to)
    const left = doc.match(/123456789012|us-east-1|web-app|web-dg|service\/prod\/|task\/prod\/|role\/web-task|task-definition\/web:/g)
    expect(left ?? []).toEqual([])
    // Still a policy: every statement kept, none emptied.
    const policy = JSON.parse(doc) as { Statement: { Action: unknown; Resource: unknown }[] }
    expect(policy.Statement.length).toBe((JSON.parse(readFileSync('docs/iam-policy.json', 'utf8')) as { Statement: unknown[] }).Statement.length)
  })

  const fmtName = 'terraform fmt -check -recursive examples/terraform'
  if (hasTerraform) {
    it(`${fmtName} (terraform ${version})`, () => {
      const r = tf(['fmt', '-check', '-recursive', '-diff', DIR], '.')
      expect({ code: r.code, out: r.code === 0 ? '' : r.out }).toEqual({ code: 0, out: '' })
    })
  } else {
    it.skip(`${fmtName} (skipped: terraform is not installed)`, () => {})
  }

  const testName = 'terraform init -backend=false && terraform test (the stack applied to a mocked AWS provider)'
  if (canInit) {
    it(
      testName,
      () => {
        // A copy, so no .terraform directory or lock file lands in the repository.
        const root = mkdtempSync(join(tmpdir(), 'ecs-bluegreen-tf-'))
        try {
          mkdirSync(join(root, 'docs'))
          cpSync('docs/iam-policy.json', join(root, 'docs', 'iam-policy.json'))
          const dir = join(root, DIR)
          cpSync(DIR, dir, { recursive: true, filter: (src) => !/\.terraform|tfstate/.test(src) })
          const init = tf(['init', '-backend=false', '-input=false', '-no-color', ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])], dir)
          expect({ step: 'init', code: init.code, out: init.code === 0 ? '' : init.out }).toEqual({ step: 'init', code: 0, out: '' })
          const validate = tf(['validate', '-no-color'], dir)
          expect({ step: 'validate', code: validate.code, out: validate.code === 0 ? '' : validate.out }).toEqual({ step: 'validate', code: 0, out: '' })
          const test = tf(['test', '-no-color'], dir)
          expect({ step: 'test', code: test.code, out: test.code === 0 ? '' : test.out }).toEqual({ step: 'test', code: 0, out: '' })
          expect(test.out).toMatch(/Success! 3 passed, 0 failed\./)
        } finally {
          rmSync(root, { recursive: true, force: true })
        }
      },
      300_000
    )
  } else {
    it.skip(`${testName} (skipped: ${hasTerraform ? 'set TF_PLUGIN_DIR to a provider mirror, or TERRAFORM_TEST=1 with registry access' : 'terraform is not installed'})`, () => {})
  }
})
