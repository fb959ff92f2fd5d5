/** The ways this action releases a service with, in the order their inputs are checked. */
import type { RegisteredWay } from './core/way.js'
import { registerWay } from './core/way.js'
import { albWeighted } from './ways/alb-weighted/index.js'
import { codedeploy } from './ways/codedeploy/index.js'
import { ecsNative } from './ways/ecs-native/index.js'
import { rolling } from './ways/rolling/index.js'

export const WAYS: readonly RegisteredWay[] = [registerWay(codedeploy), registerWay(ecsNative), registerWay(rolling), registerWay(albWeighted)]
