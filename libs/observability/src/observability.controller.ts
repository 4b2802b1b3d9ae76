import { Controller, Get, Header, HttpCode, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READINESS_CHECKS, runReadinessChecks, type ReadinessCheck } from './health';
import { Metrics } from './metrics';
import { Public } from './public.decorator';

/** `GET /health/live`, `GET /health/ready` and `GET /metrics`, the same on every app. */
@ApiExcludeController()
@Public()
@Controller()
export class ObservabilityController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('health/live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const report = await runReadinessChecks(this.checks);
    reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  /**
   * Every metric; with `?name=` (repeatable) only those named, and nothing for a name the app has not. A poller
   * that follows one counter closely (the bench reads reporting's events applied 50 times a second for the event
   * lag) then costs the app that counter's lines, not a collection of the process's default metrics each time.
   */
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Query('name') name?: string | string[]): Promise<string> {
    const { registry } = this.metrics;
    if (name === undefined) return registry.metrics();
    const names = [...new Set([name].flat())].filter((one) => registry.getSingleMetric(one));
    const texts = await Promise.all(names.map((one) => registry.getSingleMetricAsString(one)));
    return texts.map((text) => `${text}\n`).join('');
  }
}
