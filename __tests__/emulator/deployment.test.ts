import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GetDeploymentCommand, GetDeploymentTargetCommand, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, ListTasksCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { seedWorld, startEmulator, type Emulator, type SeedResult } from '../../emulator/index.js';
import { clients, createDeployment, watch, weights } from './helpers.js';

let emu: Emulator;
let c: ReturnType<typeof clients>;
let seed: SeedResult;
let newTd: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, timeScale: 600 });
  c = clients(emu.url);
});

afterAll(async () => {
  c.ecs.destroy();
  c.cd.destroy();
  await emu.close();
});

async function fresh(spec: Parameters<typeof seedWorld>[1] = {}) {
  emu.reset();
  seed = await seedWorld(emu.url, spec);
  const r = await c.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'app', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.5.0', portMappings: [{ containerPort: 8080 }] },
      ],
    }),
  );
  newTd = r.taskDefinition!.taskDefinitionArn!;
}

describe('canary deployment', () => {
  beforeEach(async () => fresh());

  it('reaches Succeeded with AWS event order and 10% then 100% traffic', async () => {
    expect(seed.taskDefinitionArn).toMatch(/:task-definition\/web:1$/);
    const id = await createDeployment(c.cd, newTd, { description: 'release 1.5.0' });
    expect(id).toMatch(/^d-[A-Z0-9]{9}$/);
    const obs = await watch(c.cd, id);
    const last = obs[obs.length - 1]!;
    expect(last.info.status).toBe('Succeeded');
    expect(last.info.description).toBe('release 1.5.0');
    expect(last.info.creator).toBe('user');
    expect(last.info.createTime).toBeInstanceOf(Date);
    expect(last.info.completeTime!.getTime()).toBeGreaterThan(last.info.startTime!.getTime());
    expect(last.info.deploymentConfigName).toBe('CodeDeployDefault.ECSCanary10Percent5Minutes');
    expect(last.info.computePlatform).toBe('ECS');

    // events in AWS order, all succeeded, start times non-decreasing
    const events = last.target!.lifecycleEvents!;
    expect(events.map((e) => e.lifecycleEventName)).toEqual([
      'BeforeInstall', 'Install', 'AfterInstall', 'AllowTestTraffic', 'AfterAllowTestTraffic',
      'BeforeAllowTraffic', 'AllowTraffic', 'AfterAllowTraffic',
    ]);
    expect(events.every((e) => e.status === 'Succeeded')).toBe(true);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.startTime!.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.endTime!.getTime());
    // the canary step is 5 virtual minutes
    const allow = events.find((e) => e.lifecycleEventName === 'AllowTraffic')!;
    expect(allow.endTime!.getTime() - allow.startTime!.getTime()).toBeGreaterThanOrEqual(5 * 60_000);

    expect(weights(obs)).toEqual(expect.arrayContaining(['90/10', '0/100']));
    const w = weights(obs);
    expect(w.indexOf('90/10')).toBeLessThan(w.indexOf('0/100'));
    expect(obs.some((o) => o.info.instanceTerminationWaitTimeStarted)).toBe(true);

    // ECS side: the green task set is now PRIMARY and runs the new task definition
    const svc = (await c.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!;
    expect(svc.taskDefinition).toBe(newTd);
    const primary = svc.taskSets!.find((t) => t.status === 'PRIMARY')!;
    expect(primary.taskDefinition).toBe(newTd);
    expect(primary.externalId).toBe(id);
    expect(svc.events!.some((e) => /has started 2 tasks/.test(e.message!))).toBe(true);
    const tasks = await c.ecs.send(new ListTasksCommand({ cluster: 'prod', startedBy: primary.id }));
    expect(tasks.taskArns).toHaveLength(2);
    expect(emu.terminalAt(id)).toBeLessThanOrEqual(Date.now());

    const target = await c.cd.send(new GetDeploymentTargetCommand({ deploymentId: id, targetId: 'prod:web' }));
    expect(target.deploymentTarget!.ecsTarget!.status).toBe('Succeeded');
    const list = await c.cd.send(new ListDeploymentsCommand({ applicationName: 'web-app', deploymentGroupName: 'web-dg' }));
    expect(list.deployments).toEqual([id]);
    const again = await c.cd.send(new GetDeploymentCommand({ deploymentId: id }));
    expect(again.deploymentInfo!.status).toBe('Succeeded');
  });
});
